using System.Text.RegularExpressions;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>new, plan, baseline, repair, --target, per-file out-of-order, adopting another tool's history.</summary>
public sealed partial class DayTwoTests(PostgresServer server)
{
    [Fact]
    public async Task New_creates_the_next_version_with_a_slug_and_an_applicable_template()
    {
        using var folder = new MigrationFolder();
        folder.Write("29990101000000_future.sql", "SELECT 1;\n");

        var first = await Tool.RunAsync("new", "Add trips: distance (km)", "--dir", folder.Path);
        var second = await Tool.RunAsync("new", "Add trips: distance (km)", "--dir", folder.Path);
        var empty = await Tool.RunAsync("new", "!!!", "--dir", folder.Path);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        var names = Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["29990101000000_future.sql", "29990101000001_add_trips_distance_km.sql", "29990101000002_add_trips_distance_km.sql"], names);
        Assert.EndsWith("29990101000001_add_trips_distance_km.sql", first.Output.Trim(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal(ExitCodes.Usage, empty.ExitCode);
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
    }

    [Fact]
    public async Task New_uses_the_current_utc_time_when_nothing_newer_exists()
    {
        using var folder = new MigrationFolder();

        var result = await Tool.RunAsync("new", "first", "--dir", Path.Combine(folder.Path, "fresh"));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var version = TimestampName().Match(result.Output).Groups[1].Value;
        var stamp = DateTime.ParseExact(version, "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(stamp, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Plan_shows_modes_and_exact_sql_and_changes_nothing()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_table.sql", "CREATE TABLE planned (id int);\n");
        folder.Write("2_index.sql", "CREATE INDEX CONCURRENTLY planned_id ON planned (id);\n");
        var before = await db.FingerprintAsync();

        var plan = await Tool.RunAsync("plan", "--db-url", db.Url, "--dir", folder.Path, "--sql");

        Assert.True(plan.ExitCode == ExitCodes.Ok, plan.ToString());
        Assert.Contains("would install the history table", plan.Output, StringComparison.Ordinal);
        Assert.Contains("[1/2] would apply 1_table.sql (in one transaction)", plan.Output, StringComparison.Ordinal);
        Assert.Contains("[2/2] would apply 2_index.sql (outside a transaction", plan.Output, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE planned (id int);", plan.Output, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO \"public\".\"database_migrations\"", plan.Output, StringComparison.Ordinal);
        Assert.Contains("VALUES ('1', 'table', '", plan.Output, StringComparison.Ordinal);
        // Only a migration that is not the run's last commits without waiting for its WAL flush.
        var deferred = plan.Output.IndexOf("RESET ROLE;\nSET LOCAL synchronous_commit = off;\nINSERT INTO", StringComparison.Ordinal);
        Assert.InRange(deferred, 0, plan.Output.IndexOf("[2/2]", StringComparison.Ordinal));
        Assert.Equal(deferred, plan.Output.LastIndexOf("SET LOCAL synchronous_commit", StringComparison.Ordinal) - "RESET ROLE;\n".Length);
        Assert.Equal(before, await db.FingerprintAsync());
    }

    [Fact]
    public async Task Baseline_records_up_to_a_version_without_running_and_migrate_applies_only_the_rest()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_existing.sql", "CREATE TABLE existing (id int);\n");
        folder.Write("2_existing_too.sql", "CREATE TABLE existing_too (id int);\n");
        folder.Write("3_new.sql", "CREATE TABLE brand_new (id int);\n");
        await db.ExecuteAsync("CREATE TABLE existing (id int); CREATE TABLE existing_too (id int);");

        var baseline = await Tool.RunAsync("baseline", "--db-url", db.Url, "--dir", folder.Path, "--version", "2");
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(baseline.ExitCode == ExitCodes.Ok, baseline.ToString());
        Assert.Contains("done: record 1 existing as applied", baseline.Output, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.True(await db.ExistsAsync("public.brand_new"));
        Assert.Equal("baseline,baseline,migrate", await db.ScalarAsync<string>("SELECT string_agg(recorded_by, ',' ORDER BY version) FROM database_migrations"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(DISTINCT tool_version) FROM database_migrations WHERE tool_version IS NOT NULL"));
        // status tells a recorded migration from one that ran, in text and in JSON.
        var status = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path);
        var json = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path, "--json");
        Assert.Matches(@"applied\s+1\s+existing\s+\S+ \S+ \(recorded by baseline\)", status.Output);
        Assert.DoesNotMatch(@"3\s+new.*recorded by", status.Output);
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        Assert.Equal(["baseline", "baseline", "migrate"], document.RootElement.GetProperty("plan").GetProperty("migrations").EnumerateArray()
            .Select(m => m.GetProperty("recordedBy").GetString()));
    }

    [Fact]
    public async Task Baseline_over_rows_recorded_differently_is_refused_and_changes_nothing()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        var first = folder.Write("1_a.sql", "CREATE TABLE a (id int);\n");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        File.WriteAllText(first, "CREATE TABLE a (id bigint);\n");
        folder.Write("2_b.sql", "CREATE TABLE b (id int);\n");
        var history = await db.HistorySnapshotAsync();

        var result = await Tool.RunAsync("baseline", "--db-url", db.Url, "--dir", folder.Path, "--version", "2");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("already recorded with another checksum", result.Error, StringComparison.Ordinal);
        Assert.Equal(history, await db.HistorySnapshotAsync());
    }

    [Fact]
    public async Task Repair_prints_without_yes_and_realigns_and_cleans_with_it()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        var edited = folder.Write("1_a.sql", "CREATE TABLE a (id int);\n");
        folder.Write("2_broken.sql", "SELECT 1/0;\n");
        Assert.Equal(ExitCodes.MigrationFailed, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        // A deliberate change that the database already reflects (a comment alone would not be drift).
        File.AppendAllText(edited, "ALTER TABLE a ADD COLUMN IF NOT EXISTS note text;\n");
        var history = await db.HistorySnapshotAsync();

        var dryRun = await Tool.RunAsync("repair", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(dryRun.ExitCode == ExitCodes.Ok, dryRun.ToString());
        Assert.Contains("would: set the checksum of 1 a", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("would: delete the row of 2 broken", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("--yes", dryRun.Output, StringComparison.Ordinal);
        Assert.Equal(history, await db.HistorySnapshotAsync());

        var repair = await Tool.RunAsync("repair", "--db-url", db.Url, "--dir", folder.Path, "--yes");
        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(repair.ExitCode == ExitCodes.Ok, repair.ToString());
        var row = Assert.Single(await db.HistoryAsync());
        Assert.Equal("1", row.Version);
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
        Assert.Equal("repair: checksum realigned", await db.ScalarAsync<string>("SELECT recorded_by FROM database_migrations"));
    }

    [Fact]
    public async Task Repair_marks_one_version_applied_or_pending()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_a.sql", "CREATE TABLE a (id int);\n");
        folder.Write("2_by_hand.sql", "CREATE TABLE by_hand (id int);\n");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--target", "1")).ExitCode);

        var applied = await Tool.RunAsync("repair", "--db-url", db.Url, "--dir", folder.Path, "--mark-applied", "2", "--yes");
        Assert.True(applied.ExitCode == ExitCodes.Ok, applied.ToString());
        Assert.Equal(2, (await db.HistoryAsync()).Count);
        Assert.False(await db.ExistsAsync("public.by_hand"), "--mark-applied records without running");

        var pending = await Tool.RunAsync("repair", "--db-url", db.Url, "--dir", folder.Path, "--mark-pending", "2", "--yes");
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(pending.ExitCode == ExitCodes.Ok, pending.ToString());
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.True(await db.ExistsAsync("public.by_hand"));

        var unknown = await Tool.RunAsync("repair", "--db-url", db.Url, "--dir", folder.Path, "--mark-applied", "9", "--yes");
        Assert.Equal(ExitCodes.Validation, unknown.ExitCode);
    }

    [Fact]
    public async Task Migrate_target_applies_up_to_and_including_the_version()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        for (var i = 1; i <= 3; i++)
            folder.Write($"{i}_t{i}.sql", $"CREATE TABLE t{i} (id int);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--target", "2");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.True(await db.ExistsAsync("public.t2"));
        Assert.False(await db.ExistsAsync("public.t3"));
        Assert.Contains("left pending", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_marked_out_of_order_ok_applies_after_newer_ones_others_do_not()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250105000000_newer.sql", "CREATE TABLE newer (id int);\n");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        folder.Write("20250102000000_hotfix.sql", "-- migrate:out-of-order-ok\nCREATE TABLE hotfix (id int);\n");

        var allowed = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        folder.Write("20250103000000_unmarked.sql", "CREATE TABLE unmarked (id int);\n");
        var refused = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(allowed.ExitCode == ExitCodes.Ok, allowed.ToString());
        Assert.True(await db.ExistsAsync("public.hotfix"));
        Assert.Equal(ExitCodes.Validation, refused.ExitCode);
        Assert.False(await db.ExistsAsync("public.unmarked"));
    }

    [Fact]
    public async Task Adopting_a_supabase_cli_history_records_what_it_applied_and_migrate_runs_only_the_rest()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_first.sql", "CREATE TABLE first_t (id int);\n");
        folder.Write("20250102000000_second.sql", "CREATE TABLE second_t (id int);\n");
        folder.Write("20250103000000_third.sql", "CREATE TABLE third_t (id int);\n");
        // As the Supabase CLI creates and fills it.
        await db.ExecuteAsync("""
            CREATE SCHEMA supabase_migrations;
            CREATE TABLE supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY, statements text[], name text);
            CREATE TABLE first_t (id int); CREATE TABLE second_t (id int);
            INSERT INTO supabase_migrations.schema_migrations VALUES
                ('20250101000000', ARRAY['CREATE TABLE first_t (id int)'], 'first'),
                ('20250102000000', ARRAY['CREATE TABLE second_t (id int)'], 'second'),
                ('20240101000000', ARRAY['SELECT 1'], 'gone');
            """);

        var dryRun = await Tool.RunAsync("adopt", "--from", "supabase", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(dryRun.ExitCode == ExitCodes.Ok, dryRun.ToString());
        Assert.Contains("would: record 20250101000000 first as applied", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("no file has that version", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("20250103000000_third.sql was not applied by supabase", dryRun.Output, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.database_migrations"));

        var adopt = await Tool.RunAsync("adopt", "--from", "supabase", "--db-url", db.Url, "--dir", folder.Path, "--yes");
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(adopt.ExitCode == ExitCodes.Ok, adopt.ToString());
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.Contains("[1/1] applying 20250103000000_third.sql", migrate.Output, StringComparison.Ordinal);
        Assert.Equal("adopt from supabase,adopt from supabase,migrate",
            await db.ScalarAsync<string>("SELECT string_agg(recorded_by, ',' ORDER BY version) FROM database_migrations"));
    }

    [Fact]
    public async Task Adopting_a_flyway_history_maps_versions_and_skips_failed_and_dotted_ones()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_first.sql", "CREATE TABLE first_t (id int);\n");
        folder.Write("20250102000000_second.sql", "CREATE TABLE second_t (id int);\n");
        // As Flyway creates it (columns, types and keys).
        await db.ExecuteAsync("""
            CREATE TABLE "public"."flyway_schema_history" (
                "installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL,
                "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL,
                "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL);
            ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
            CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");
            CREATE TABLE first_t (id int);
            INSERT INTO flyway_schema_history VALUES
                (1, '20250101000000', 'first', 'SQL', 'V20250101000000__first.sql', 1234, 'postgres', now(), 5, true),
                (2, '20250102000000', 'second', 'SQL', 'V20250102000000__second.sql', 5678, 'postgres', now(), 5, false),
                (3, '1.1', 'dotted', 'SQL', 'V1.1__dotted.sql', 9, 'postgres', now(), 1, true);
            """);

        var adopt = await Tool.RunAsync("adopt", "--from", "flyway", "--db-url", db.Url, "--dir", folder.Path, "--yes");
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(adopt.ExitCode == ExitCodes.Ok, adopt.ToString());
        Assert.Contains("done: record 20250101000000 first as applied", adopt.Output, StringComparison.Ordinal);
        Assert.Contains("1.1", adopt.Output, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.Contains("applying 20250102000000_second.sql", migrate.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("applying 20250101000000_first.sql", migrate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adopt_from_a_tool_whose_table_is_missing_says_so()
    {
        var db = await server.CreateDatabaseAsync();

        var result = await Tool.RunAsync("adopt", "--from", "flyway", "--db-url", db.Url, "--dir", Paths.ExampleMigrations);

        Assert.Equal(ExitCodes.Validation, result.ExitCode);
        Assert.Contains("flyway_schema_history does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adopt_from_database_migrations_takes_only_applied_rows_not_failed_or_reverted_ones()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_one.sql", "CREATE TABLE one (id int);\n-- migrate:down\nDROP TABLE one;\n");
        folder.Write("2_two.sql", "CREATE TABLE two (id int);\n-- migrate:down\nDROP TABLE two;\n");
        folder.Write("3_three.sql", "SELECT 1/0;\n");
        Assert.Equal(ExitCodes.MigrationFailed, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--steps", "1", "--yes")).ExitCode);

        var adopt = await Tool.RunAsync("adopt", "--from", "database_migrations", "--db-url", db.Url, "--dir", folder.Path, "--schema", "ops", "--yes");

        Assert.True(adopt.ExitCode == ExitCodes.Ok, adopt.ToString());
        // Only 1 is applied: 2 was reverted and 3 failed, so migrate must still run them.
        Assert.Equal(["1"], (await db.HistoryAsync("ops.database_migrations")).Select(h => h.Version));
    }

    [GeneratedRegex(@"(\d{14})_first\.sql")]
    private static partial Regex TimestampName();
}
