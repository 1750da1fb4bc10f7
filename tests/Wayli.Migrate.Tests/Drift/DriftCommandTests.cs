using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Drift;

/// <summary>
/// <c>drift</c>: a database that is what its applied migrations make reports nothing; each kind of change made by hand
/// is reported as the object it changed, with both definitions; pending and failed migrations are not drift.
/// </summary>
public sealed class DriftCommandTests(PostgresServer server)
{
    [Fact]
    public async Task A_database_nobody_touched_has_no_drift_on_the_default_local_scratch_server()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = DriftSet.Folder();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);

        var result = await Tool.RunAsync("drift", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("No drift: the database is what its 2 applied migration(s) make.", result.Output, StringComparison.Ordinal);
        Assert.Contains("throwaway local PostgreSQL", result.Output, StringComparison.Ordinal);
        Assert.Contains("schemas: app, public.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(db.Password, result.All, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> HandChanges => new()
    {
        { "CREATE INDEX trips_title_idx ON public.trips (title)", "only-in-database", "index", "public.trips.trips_title_idx" },
        { "ALTER TABLE public.trips DROP COLUMN note", "missing-from-database", "column", "public.trips.note" },
        { "GRANT INSERT ON public.trips TO anon", "different", "table", "public.trips" },
        { "GRANT UPDATE (title) ON public.trips TO authenticated", "different", "column", "public.trips.title" },
        { "GRANT EXECUTE ON FUNCTION public.trip_count() TO anon", "different", "function", "public.trip_count()" },
        { "GRANT USAGE ON SCHEMA app TO anon", "different", "schema", "app" },
        { "GRANT USAGE ON SEQUENCE public.stops_id_seq TO anon", "different", "sequence", "public.stops_id_seq" },
        { "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO anon", "only-in-database", "default privileges", "for postgres in public on tables" },
        { "ALTER POLICY trips_read ON public.trips USING (id > 0)", "different", "policy", "public.trips.trips_read" },
        { "COMMENT ON POLICY trips_read ON public.trips IS 'edited in the dashboard'", "different", "policy", "public.trips.trips_read" },
        { "CREATE OR REPLACE FUNCTION public.trip_count() RETURNS bigint LANGUAGE plpgsql STABLE AS $$\nBEGIN\n    RETURN (SELECT count(*) + 1 FROM public.trips);\nEND\n$$",
            "different", "function", "public.trip_count()" },
        { "ALTER TABLE public.trips DISABLE ROW LEVEL SECURITY", "different", "table", "public.trips" },
        { "COMMENT ON TABLE public.trips IS 'edited'", "different", "table", "public.trips" },
        { "ALTER TABLE public.stops ALTER COLUMN at SET NOT NULL", "different", "column", "public.stops.at" },
        { "ALTER TYPE public.mood ADD VALUE 'bad'", "different", "type", "public.mood" },
        { "CREATE OR REPLACE VIEW public.trip_titles AS SELECT id, title, note FROM public.trips", "different", "view", "public.trip_titles" },
        { "ALTER PUBLICATION trips_pub ADD TABLE public.stops", "only-in-database", "publication table", "trips_pub public.stops" },
        { "CREATE TRIGGER trips_touch BEFORE UPDATE ON public.trips FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
            "only-in-database", "trigger", "public.trips.trips_touch" },
        { "ALTER TABLE public.stops ADD CONSTRAINT at_short CHECK (length(at) < 100)", "only-in-database", "constraint", "public.stops.at_short" },
        { "DROP INDEX public.stops_trip_id_idx", "missing-from-database", "index", "public.stops.stops_trip_id_idx" },
        { "DROP TABLE app.settings", "missing-from-database", "table", "app.settings" },
        { "CREATE TABLE public.notes (id int)", "only-in-database", "table", "public.notes" },
        { "CREATE EXTENSION pg_trgm", "only-in-database", "extension", "pg_trgm" },
        { "COMMENT ON EXTENSION plpgsql IS 'edited'", "different", "extension", "plpgsql" },
        { "ALTER SEQUENCE public.stops_id_seq INCREMENT BY 10", "different", "sequence", "public.stops_id_seq" },
    };

    [Theory]
    [MemberData(nameof(HandChanges))]
    public async Task A_change_made_by_hand_is_reported_as_the_object_it_changed_and_nothing_else(string change, string how, string kind, string identity)
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = DriftSet.Folder();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        await db.ExecuteAsync(change);

        var result = await Tool.RunAsync("drift", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url(), "--json");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        var differences = DriftSet.Differences(result.Output);
        Assert.Contains((how, kind, identity), differences.Select(d => (d.Change, d.Kind, d.Identity)));
        var group = differences.Single(d => d.Kind == kind && d.Identity == identity).Group;
        // Everything reported belongs to the object changed (a dropped column also changes its table's column list and
        // the column list of the table in its publication).
        Assert.All(differences, d => Assert.Equal(group, d.Group));
    }

    [Fact]
    public async Task The_report_shows_both_definitions_grouped_under_the_table()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = DriftSet.Folder();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        await db.ExecuteAsync("ALTER POLICY trips_read ON public.trips USING (id > 0)");
        await db.ExecuteAsync("CREATE INDEX trips_title_idx ON public.trips (title)");

        var result = await Tool.RunAsync("drift", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url());

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        var group = lines.IndexOf("public.trips");
        Assert.True(group >= 0, result.ToString());
        Assert.Equal("  + index public.trips.trips_title_idx: only in the database (added by hand)", lines[group + 1]);
        Assert.Equal("      database:   CREATE INDEX trips_title_idx ON public.trips USING btree (title)", lines[group + 2]);
        Assert.Equal("  ~ policy public.trips.trips_read: different", lines[group + 3]);
        Assert.Equal("      migrations: AS PERMISSIVE FOR SELECT TO authenticated USING (true)", lines[group + 4]);
        Assert.Equal("      database:   AS PERMISSIVE FOR SELECT TO authenticated USING ((id > 0))", lines[group + 5]);
        Assert.StartsWith("DRIFT: 2 object(s) differ", lines.Last(l => l.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pending_and_failed_migrations_are_not_drift()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = DriftSet.Folder();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        folder.Write("20250103000000_fails.sql", "CREATE TABLE public.half (id int);\nSELECT 1/0;\n");
        Assert.Equal(ExitCodes.MigrationFailed, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        folder.Write("20250104000000_pending.sql", "CREATE TABLE public.later (id int);\n");

        var result = await Tool.RunAsync("drift", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url(), "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Empty(DriftSet.Differences(result.Output));
        using var document = JsonDocument.Parse(result.Output);
        Assert.Equal(2, document.RootElement.GetProperty("applied").GetInt32());
        Assert.Contains(document.RootElement.GetProperty("notes").EnumerateArray(),
            n => n.GetString()!.StartsWith("1 pending and 1 failed migration(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tools_own_infrastructure_and_supabases_schemas_are_not_drift_unless_named()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = DriftSet.Folder();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        // What the platform adds: its schemas and objects there, its publication, its roles' default privileges.
        await db.RunScriptAsync("""
            CREATE SCHEMA auth; CREATE TABLE auth.users (id uuid PRIMARY KEY); CREATE SCHEMA extensions;
            CREATE EXTENSION pgcrypto WITH SCHEMA extensions;
            CREATE PUBLICATION supabase_realtime;
            DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'supabase_admin') THEN CREATE ROLE supabase_admin NOLOGIN; END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
            ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO authenticated;
            """);

        var unnamed = await Tool.RunAsync("drift", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url(), "--json");
        var named = await Tool.RunAsync("drift", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url(), "--json",
            "--schemas", "public,app,auth");

        Assert.True(unnamed.ExitCode == ExitCodes.Ok, unnamed.ToString());
        Assert.Empty(DriftSet.Differences(unnamed.Output));
        Assert.True(named.ExitCode == ExitCodes.Validation, named.ToString());
        Assert.Equal(["auth", "auth.users"], DriftSet.Differences(named.Output).Select(d => d.Group).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_database_without_history_is_refused_with_what_to_do()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = DriftSet.Folder();

        var result = await Tool.RunAsync("drift", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url());

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("has no history table public.database_migrations", result.Error, StringComparison.Ordinal);
        Assert.Contains("baseline", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_applied_migration_that_fails_on_the_scratch_database_is_a_clear_error()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_needs_platform.sql", "CREATE TABLE IF NOT EXISTS public.profiles (id uuid REFERENCES platform.users (id));\n");
        await db.ExecuteAsync("CREATE SCHEMA platform; CREATE TABLE platform.users (id uuid PRIMARY KEY);");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);

        var result = await Tool.RunAsync("drift", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url());

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("cannot rebuild what the applied migrations make", result.Error, StringComparison.Ordinal);
        Assert.Contains("20250101000000_needs_platform.sql:1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("use --prepare or --supabase", result.Error, StringComparison.Ordinal);
    }
}
