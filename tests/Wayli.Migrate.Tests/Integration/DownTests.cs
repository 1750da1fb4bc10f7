using System.Text.Json.Nodes;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 18: <c>down</c> reverts the newest applied migrations with their <c>-- migrate:down</c> parts, newest first,
/// each in its own transaction with its history change; the history keeps the audit and migrate applies them again.
/// Every refusal names the file, exits 3 and leaves database and history as they were.
/// </summary>
public sealed class DownTests(PostgresServer server)
{
    static MigrationFolder Reversible()
    {
        var folder = new MigrationFolder();
        folder.Write("1_trips.sql", "CREATE TABLE trips (id int);\n-- migrate:down\nDROP TABLE trips;\n");
        folder.Write("2_trip_notes.sql", "ALTER TABLE trips ADD COLUMN note text;\nINSERT INTO trips VALUES (1, 'first');\n-- migrate:down\nDELETE FROM trips WHERE id = 1;\nALTER TABLE trips DROP COLUMN note;\n");
        folder.Write("3_index.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS trips_id ON trips (id);\n-- migrate:down\nDROP INDEX CONCURRENTLY IF EXISTS trips_id;\n");
        return folder;
    }

    [Fact]
    public async Task Down_reverts_the_newest_migrations_newest_first_keeps_an_audit_and_migrate_applies_them_again()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = Reversible();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);

        var preview = await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--steps", "2");
        var afterPreview = await db.HistorySnapshotAsync();
        var down = await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--steps", "2", "--yes");
        var status = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path);
        var audit = await db.ScalarAsync<string>(
            "SELECT string_agg(format('%s:%s:%s:%s', version, reverted, reverted_by IS NOT NULL AND reverted_at IS NOT NULL, recorded_by), ',' ORDER BY version) FROM database_migrations");
        var columns = await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'trips'");
        var index = await db.ExistsAsync("public.trips_id");
        var again = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(preview.ExitCode == ExitCodes.Ok, preview.ToString());
        Assert.Contains("[1/2] would revert 3_index.sql (outside a transaction", preview.Output, StringComparison.Ordinal);
        Assert.Contains("[2/2] would revert 2_trip_notes.sql (in one transaction with its history change)", preview.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("reverted = true", afterPreview, StringComparison.Ordinal);
        Assert.True(down.ExitCode == ExitCodes.Ok, down.ToString());
        Assert.True(down.Output.IndexOf("reverting 3_index.sql", StringComparison.Ordinal) < down.Output.IndexOf("reverting 2_trip_notes.sql", StringComparison.Ordinal), down.Output);
        Assert.Equal("1:f:f:migrate,2:t:t:down,3:t:t:down", audit);
        Assert.Equal(1L, columns);
        Assert.False(index);
        Assert.Matches(@"pending\s+2\s+trip_notes\s+reverted \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ by postgres", status.Output);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("Applied 2 migration(s)", again.Output, StringComparison.Ordinal);
        Assert.Equal("first", await db.ScalarAsync<string>("SELECT note FROM trips WHERE id = 1"));
        // Applied again: not reverted any more, and the audit of when and by whom it was reverted stays.
        Assert.Equal("2:f:t,3:f:t", await db.ScalarAsync<string>(
            "SELECT string_agg(format('%s:%s:%s', version, reverted, reverted_at IS NOT NULL), ',' ORDER BY version) FROM database_migrations WHERE version <> '1'"));
    }

    [Fact]
    public async Task Down_to_a_version_keeps_it_applied_and_to_zero_reverts_everything_and_plan_down_shows_the_sql()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = Reversible();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        var before = await ReliabilityChecks.DeepFingerprintAsync(db);

        var plan = await Tool.RunAsync("plan", "--db-url", db.Url, "--dir", folder.Path, "--down", "--to", "0");
        var unchanged = await ReliabilityChecks.DeepFingerprintAsync(db);
        var toOne = await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--to", "1", "--yes");
        var tripsKept = await db.ExistsAsync("public.trips");
        var again = await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--to", "1", "--yes");
        var all = await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--to", "0", "--yes", "--json");

        Assert.True(plan.ExitCode == ExitCodes.Ok, plan.ToString());
        Assert.Contains("DROP INDEX CONCURRENTLY IF EXISTS trips_id;", plan.Output, StringComparison.Ordinal);
        Assert.Contains("SET reverted = true", plan.Output, StringComparison.Ordinal);
        Assert.Contains("[3/3] would revert 1_trips.sql", plan.Output, StringComparison.Ordinal);
        Assert.Equal(before, unchanged);
        Assert.True(toOne.ExitCode == ExitCodes.Ok, toOne.ToString());
        Assert.True(tripsKept);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("nothing to revert: 1 is the newest applied migration", again.Output, StringComparison.Ordinal);
        Assert.True(all.ExitCode == ExitCodes.Ok, all.ToString());
        var document = JsonNode.Parse(all.Output)!;
        Assert.Equal(["1"], document["steps"]!.AsArray().Select(s => s!["version"]!.GetValue<string>()));
        Assert.True(document["steps"]![0]!["reverted"]!.GetValue<bool>());
        Assert.False(await db.ExistsAsync("public.trips"));
    }

    [Fact]
    public async Task Every_refusal_names_the_file_exits_3_and_changes_nothing()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_base.sql", "CREATE TABLE base (id int);\n-- migrate:down\nDROP TABLE base;\n");
        folder.Write("2_irreversible.sql", "CREATE TABLE irreversible (id int);\n");
        folder.Write("3_empty_down.sql", "CREATE TABLE empty_down (id int);\n-- migrate:down\n");
        folder.Write("4_reversible.sql", "CREATE TABLE reversible (id int);\n-- migrate:down\nDROP TABLE reversible;\n");
        folder.Write("5_pending.sql", "CREATE TABLE pending (id int);\n-- migrate:down\nDROP TABLE pending;\n");
        using var applied = new MigrationFolder();
        foreach (var file in Directory.GetFiles(folder.Path).Where(f => !f.EndsWith("5_pending.sql", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(applied.Path, Path.GetFileName(file)));
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", applied.Path)).ExitCode);
        using var baselined = new MigrationFolder();
        baselined.Write("1_base.sql", File.ReadAllText(Path.Combine(folder.Path, "1_base.sql")));
        baselined.Write("2_irreversible.sql", "CREATE TABLE irreversible (id int);\n");
        var baselineDb = await server.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("baseline", "--db-url", baselineDb.Url, "--dir", baselined.Path, "--version", "2")).ExitCode);
        using var drifted = new MigrationFolder().CopyFrom(applied.Path);
        drifted.Write("4_reversible.sql", "CREATE TABLE reversible (id int, note text);\n-- migrate:down\nDROP TABLE reversible;\n");
        using var missing = new MigrationFolder().CopyFrom(applied.Path);
        File.Delete(Path.Combine(missing.Path, "4_reversible.sql"));
        var empty = await server.CreateDatabaseAsync();
        var before = await ReliabilityChecks.DeepFingerprintAsync(db);
        var baselineBefore = await ReliabilityChecks.DeepFingerprintAsync(baselineDb);

        (string[] Args, string Expected)[] cases =
        [
            (["--dir", folder.Path, "--steps", "3"], "3_empty_down.sql: its -- migrate:down part (line 2) is empty"),
            (["--dir", folder.Path, "--to", "1"], "2_irreversible.sql has no -- migrate:down part, so it cannot be reverted"),
            (["--dir", drifted.Path, "--steps", "1"], "4_reversible.sql changed since it was applied"),
            (["--dir", missing.Path, "--steps", "1"], "version 4 (reversible) is applied but no file has that version"),
            (["--dir", folder.Path, "--to", "5"], "version 5 is not applied (it is pending)"),
            (["--dir", folder.Path, "--to", "9"], "version 9 is not applied (no file or history row has that version)"),
            (["--dir", folder.Path, "--steps", "9"], "only 4 migration(s) are applied, fewer than the 9 asked for"),
        ];
        var results = new List<(CliResult Result, string Expected)>();
        foreach (var (args, expected) in cases)
            results.Add((await Tool.RunAsync(["down", "--db-url", db.Url, .. args, "--yes"]), expected));
        var baselineRefusal = await Tool.RunAsync("down", "--db-url", baselineDb.Url, "--dir", baselined.Path, "--steps", "1", "--yes");
        var nothing = await Tool.RunAsync("down", "--db-url", empty.Url, "--dir", folder.Path, "--steps", "1", "--yes");

        Assert.All(results, r =>
        {
            Assert.True(r.Result.ExitCode == ExitCodes.Validation, r.Result.ToString());
            Assert.Contains(r.Expected, r.Result.Error, StringComparison.Ordinal);
            Assert.Contains("Nothing was reverted.", r.Result.Error, StringComparison.Ordinal);
        });
        Assert.True(baselineRefusal.ExitCode == ExitCodes.Validation, baselineRefusal.ToString());
        Assert.Contains("2_irreversible.sql has no -- migrate:down part, and it was recorded by baseline without running here", baselineRefusal.Error, StringComparison.Ordinal);
        Assert.True(nothing.ExitCode == ExitCodes.Validation, nothing.ToString());
        Assert.Contains("nothing to revert: no migration is applied", nothing.Error, StringComparison.Ordinal);
        Assert.Equal(before, await ReliabilityChecks.DeepFingerprintAsync(db));
        Assert.Equal(baselineBefore, await ReliabilityChecks.DeepFingerprintAsync(baselineDb));
    }

    [Fact]
    public async Task A_failing_down_part_is_rolled_back_located_in_the_file_and_the_migration_stays_applied()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_keep.sql", "CREATE TABLE keep (id int);\n-- migrate:down\nDROP TABLE keep;\n");
        folder.Write("2_broken.sql", "CREATE TABLE broken (id int);\n-- migrate:down\nDROP TABLE broken;\nSELECT 1/0;\n");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        var before = await ReliabilityChecks.DeepFingerprintAsync(db);

        var down = await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--to", "0", "--yes");

        Assert.True(down.ExitCode == ExitCodes.MigrationFailed, down.ToString());
        Assert.Contains("2_broken.sql:4:1 (statement 2): 22012: division by zero", down.Error, StringComparison.Ordinal);
        Assert.Contains("The revert was rolled back: the migration is still applied", down.Error, StringComparison.Ordinal);
        Assert.Contains("Stopped at 2_broken.sql: 0 migration(s) reverted before it", down.Output, StringComparison.Ordinal);
        Assert.Equal(before, await ReliabilityChecks.DeepFingerprintAsync(db));
    }

    [Fact]
    public async Task Down_upgrades_a_history_table_of_an_earlier_version_under_the_lock()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = Reversible();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        await db.ExecuteAsync("ALTER TABLE database_migrations DROP COLUMN reverted, DROP COLUMN reverted_at, DROP COLUMN reverted_by");

        var status = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path);
        var down = await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--steps", "1", "--yes");

        Assert.Contains("3 applied", status.Output, StringComparison.Ordinal);
        Assert.True(down.ExitCode == ExitCodes.Ok, down.ToString());
        Assert.True(await db.ScalarAsync<bool>("SELECT reverted FROM database_migrations WHERE version = '3'"));
    }

    [Fact]
    public async Task A_reverted_migration_can_be_marked_applied_or_baselined_again_its_row_replaced()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = Reversible();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--steps", "2", "--yes")).ExitCode);

        var marked = await Tool.RunAsync("repair", "--db-url", db.Url, "--dir", folder.Path, "--mark-applied", "3", "--yes");
        var baseline = await Tool.RunAsync("baseline", "--db-url", db.Url, "--dir", folder.Path, "--version", "2");

        Assert.True(marked.ExitCode == ExitCodes.Ok, marked.ToString());
        Assert.Contains("delete the row of 3 index (reverted by down; replaced by the row below)", marked.Output, StringComparison.Ordinal);
        Assert.True(baseline.ExitCode == ExitCodes.Ok, baseline.ToString());
        Assert.Equal("1:f:migrate,2:f:baseline,3:f:repair", await db.ScalarAsync<string>(
            "SELECT string_agg(format('%s:%s:%s', version, reverted, recorded_by), ',' ORDER BY version) FROM database_migrations"));
    }
}
