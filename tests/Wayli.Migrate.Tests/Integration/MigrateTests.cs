using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>The main path: bootstrap and migrate, rerun, failures, retries.</summary>
public sealed class MigrateTests(PostgresServer server)
{
    [Fact]
    public async Task Fresh_database_gets_the_example_set_with_a_complete_row_per_migration()
    {
        var db = await server.CreateDatabaseAsync();

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var files = Directory.GetFiles(Paths.ExampleMigrations, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var rows = await db.HistoryAsync();
        Assert.Equal(files.Count, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.True(row.Success);
            Assert.Matches("^[0-9a-f]{64}$", row.Checksum);
            Assert.NotNull(row.Ms);
            Assert.True(row.Ms >= 0);
            Assert.Null(row.Error);
        });
        Assert.Equal(files.Select(f => f![..14]), rows.Select(r => r.Version));
        Assert.True(await db.ExistsAsync("public.trips"));
        Assert.True(await db.ScalarAsync<bool>("SELECT relrowsecurity FROM pg_class WHERE oid = 'public.database_migrations'::regclass"));
        Assert.Equal(await db.ScalarAsync<string>("SELECT session_user::text"),
            await db.ScalarAsync<string>("SELECT DISTINCT installed_by FROM public.database_migrations"));
    }

    [Fact]
    public async Task A_failing_migration_stops_the_run_is_recorded_and_is_retried_once_fixed()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_first.sql", "CREATE TABLE first_table (id int);\n");
        var broken = folder.Write("20250102000000_second.sql", "CREATE TABLE second_table (id int);\nCREATE TABLE oops (id int,);\n");
        folder.Write("20250103000000_third.sql", "CREATE TABLE third_table (id int);\n");

        var failed = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(failed.ExitCode == ExitCodes.MigrationFailed, failed.ToString());
        Assert.Contains("20250102000000_second.sql:2:", failed.Error, StringComparison.Ordinal);
        Assert.Contains("42601", failed.Error, StringComparison.Ordinal);
        Assert.True(await db.ExistsAsync("public.first_table"));
        Assert.False(await db.ExistsAsync("public.second_table"), "the failed migration's first statement must be rolled back");
        Assert.False(await db.ExistsAsync("public.third_table"));
        var rows = await db.HistoryAsync();
        Assert.Equal(2, rows.Count);
        Assert.True(rows[0].Success);
        Assert.False(rows[1].Success);
        Assert.Contains("syntax error", rows[1].Error, StringComparison.Ordinal);
        Assert.Contains(":2:", rows[1].Error, StringComparison.Ordinal);
        Assert.NotNull(rows[1].Ms);

        File.WriteAllText(broken, "CREATE TABLE second_table (id int);\nCREATE TABLE oops (id int);\n");
        var retried = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(retried.ExitCode == ExitCodes.Ok, retried.ToString());
        rows = await db.HistoryAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.True(row.Success));
        Assert.All(rows, row => Assert.Null(row.Error));
        Assert.True(await db.ExistsAsync("public.third_table"));
    }

    [Fact]
    public async Task Status_lists_every_state_and_json_has_the_same()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_one.sql", "CREATE TABLE one (id int);");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        folder.Write("2_two.sql", "CREATE TABLE two (id int);");
        folder.Write("3_three.sql", "SELECT 1/0;");
        Assert.Equal(ExitCodes.MigrationFailed, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        folder.Write("4_four.sql", "SELECT 1;");

        var text = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path);
        var json = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Matches(@"applied\s+1\s+one", text.Output);
        Assert.Matches(@"applied\s+2\s+two", text.Output);
        Assert.Matches(@"failed\s+3\s+three.*division by zero", text.Output);
        Assert.Matches(@"pending\s+4\s+four", text.Output);
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        var plan = document.RootElement.GetProperty("plan");
        var states = plan.GetProperty("migrations").EnumerateArray()
            .Select(m => $"{m.GetProperty("version").GetString()}:{m.GetProperty("state").GetString()}").ToList();
        Assert.Equal(["1:applied", "2:applied", "3:failed", "4:pending"], states);
        Assert.Equal(1, plan.GetProperty("summary").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Out_of_order_pending_migration_is_refused_unless_allowed()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250102000000_later.sql", "CREATE TABLE later (id int);");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        folder.Write("20250101000000_earlier.sql", "CREATE TABLE earlier (id int);");
        var before = await db.FingerprintAsync();

        var refused = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(refused.ExitCode == ExitCodes.Validation, refused.ToString());
        Assert.Contains("20250101000000_earlier.sql", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--out-of-order", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, await db.FingerprintAsync());

        var allowed = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--out-of-order");
        Assert.True(allowed.ExitCode == ExitCodes.Ok, allowed.ToString());
        Assert.True(await db.ExistsAsync("public.earlier"));
    }

    [Fact]
    public async Task A_file_that_changes_session_settings_does_not_leak_into_the_next()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_search_path.sql", "CREATE SCHEMA other;\nSET search_path TO other;\nCREATE TABLE in_other (id int);\n");
        folder.Write("2_role.sql", "CREATE ROLE wayli_test_low_" + db.Name + " NOLOGIN;\nSET ROLE wayli_test_low_" + db.Name + ";\n");
        folder.Write("3_unqualified.sql", "CREATE TABLE plain (id int);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.True(await db.ExistsAsync("other.in_other"));
        Assert.True(await db.ExistsAsync("public.plain"), "search_path from file 1 leaked into file 3");
        Assert.Equal("postgres", await db.ScalarAsync<string>("SELECT pg_get_userbyid(relowner)::text FROM pg_class WHERE oid = 'public.plain'::regclass"));
    }

    [Fact]
    public async Task Sql_standard_function_bodies_and_operators_reach_the_server_untouched()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_atomic.sql", """
            CREATE TABLE tags (id int, labels text[]);
            CREATE FUNCTION count_tagged(wanted text) RETURNS bigint LANGUAGE sql
            BEGIN ATOMIC
                SELECT count(*) FROM tags WHERE labels @> ARRAY[wanted];
                SELECT CASE WHEN true THEN 1 ELSE 0 END;
            END;
            INSERT INTO tags VALUES (1, ARRAY['a;b', '@x', '$1']);
            """);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count_tagged('a;b')"));
        Assert.Equal("$1", await db.ScalarAsync<string>("SELECT labels[3] FROM tags"));
    }
}
