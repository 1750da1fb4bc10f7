using System.Text.Json.Nodes;
using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 18: callbacks (<c>callbacks/beforeMigrate.sql</c>, <c>afterEachMigrate.sql</c>, <c>afterMigrate.sql</c>) run
/// around a migrate run when something is applied (always with --always-run-callbacks); a failing one is reported as
/// such; and <c>migrate --single-transaction</c> commits whole or not at all.
/// </summary>
public sealed class CallbackTests(PostgresServer server)
{
    static MigrationFolder WithCallbacks()
    {
        var folder = new MigrationFolder();
        folder.Write("1_log.sql", "CREATE TABLE IF NOT EXISTS callback_log (id serial, what text);\n");
        folder.Write("2_trips.sql", "CREATE TABLE trips (id int);\n");
        Directory.CreateDirectory(Path.Combine(folder.Path, "callbacks"));
        folder.Write("callbacks/beforeMigrate.sql", "CREATE TABLE IF NOT EXISTS callback_log (id serial, what text);\nINSERT INTO callback_log (what) VALUES ('before');\n");
        folder.Write("callbacks/afterEachMigrate.sql", "INSERT INTO callback_log (what) VALUES ('each');\n");
        folder.Write("callbacks/afterMigrate.sql", "INSERT INTO callback_log (what) VALUES ('after');\n");
        folder.Write("callbacks/afterMigrate__reload_api.sql", "NOTIFY pgrst, 'reload schema';\n");
        return folder;
    }

    [Fact]
    public async Task Callbacks_run_around_a_run_that_applies_something_and_not_when_nothing_is_pending_unless_asked()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = WithCallbacks();
        await using var listener = await db.OpenAsync();
        await using (var listen = new NpgsqlCommand("LISTEN pgrst", listener))
            await listen.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        var notified = new List<string>();
        listener.Notification += (_, e) => notified.Add(e.Payload);

        var first = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--json");
        var afterFirst = await Log(db);
        var idle = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var afterIdle = await Log(db);
        var always = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--always-run-callbacks");
        await using (var poll = new NpgsqlCommand("SELECT 1", listener))
            await poll.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Equal("before,each,each,after", afterFirst);
        var ran = JsonNode.Parse(first.Output)!["callbacks"]!.AsArray().Select(c => $"{c!["event"]}:{c["file"]}");
        Assert.Equal(["beforeMigrate:callbacks/beforeMigrate.sql", "afterEachMigrate:callbacks/afterEachMigrate.sql", "afterEachMigrate:callbacks/afterEachMigrate.sql",
            "afterMigrate:callbacks/afterMigrate.sql", "afterMigrate:callbacks/afterMigrate__reload_api.sql"], ran);
        Assert.Equal(afterFirst, afterIdle);
        Assert.Contains("nothing pending", idle.Output, StringComparison.Ordinal);
        Assert.True(always.ExitCode == ExitCodes.Ok, always.ToString());
        Assert.Equal("before,each,each,after,before,after", await Log(db));
        Assert.Equal(["reload schema", "reload schema"], notified);
        Assert.DoesNotContain("callback", await db.HistorySnapshotAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_callback_is_reported_as_such_and_stops_the_run()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = WithCallbacks();
        folder.Write("callbacks/afterEachMigrate.sql", "INSERT INTO callback_log (what) VALUES ('each');\nSELECT 1/0;\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--json");

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        var failed = JsonNode.Parse(result.Output)!["callbackFailed"]!;
        Assert.Equal("afterEachMigrate", failed["event"]!.GetValue<string>());
        Assert.Equal("callbacks/afterEachMigrate.sql", failed["file"]!.GetValue<string>());
        Assert.Equal("1_log.sql", failed["after"]!.GetValue<string>());
        Assert.Equal("22012", failed["error"]!["sqlState"]!.GetValue<string>());
        Assert.Contains("callbacks/afterEachMigrate.sql:2:1", result.Error, StringComparison.Ordinal);
        Assert.Contains("The callback failed and stopped the run", result.Error, StringComparison.Ordinal);
        // The migration before it stays applied; the next one was not attempted; the callback's own insert rolled back.
        Assert.Equal(["1"], (await db.HistoryAsync()).Select(h => h.Version));
        Assert.Equal("before", await Log(db));
    }

    [Fact]
    public async Task Single_transaction_applies_everything_or_nothing_and_records_only_the_failed_migration()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = WithCallbacks();
        folder.Write("3_broken.sql", "CREATE TABLE broken (id int);\nSELECT 1/0;\n");
        Directory.CreateDirectory(Path.Combine(folder.Path, "repeatable"));
        folder.Write("repeatable/views.sql", "CREATE OR REPLACE VIEW trip_ids AS SELECT id FROM trips;\n");

        var failed = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--single-transaction");
        var history = await db.HistoryAsync();
        var tables = await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname IN ('trips', 'broken', 'callback_log', 'trip_ids')");
        File.Delete(Path.Combine(folder.Path, "3_broken.sql"));
        var plan = await Tool.RunAsync("plan", "--db-url", db.Url, "--dir", folder.Path, "--single-transaction");
        var applied = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--single-transaction");

        Assert.True(failed.ExitCode == ExitCodes.MigrationFailed, failed.ToString());
        Assert.Contains("the whole run was rolled back, so none of its 4 migration(s) is applied", failed.Error, StringComparison.Ordinal);
        var row = Assert.Single(history);
        Assert.Equal(("3", false), (row.Version, row.Success));
        Assert.Contains("3_broken.sql:2:1", row.Error, StringComparison.Ordinal);
        Assert.Equal(0L, tables);
        Assert.Contains("all of it in one transaction (--single-transaction)", plan.Output, StringComparison.Ordinal);
        Assert.True(applied.ExitCode == ExitCodes.Ok, applied.ToString());
        Assert.Equal(["1", "2", "repeatable/views.sql"], (await db.HistoryAsync()).Where(h => h.Success).Select(h => h.Version));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM database_migrations WHERE success"));
        Assert.Equal("before,each,each,each,after", await Log(db));
    }

    [Fact]
    public async Task Single_transaction_is_refused_before_anything_when_a_pending_file_must_run_outside_a_transaction()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_trips.sql", "CREATE TABLE trips (id int);\n");
        folder.Write("2_index.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS trips_id ON trips (id);\n");
        var before = await ReliabilityChecks.DeepFingerprintAsync(db);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--single-transaction");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("--single-transaction cannot apply every pending migration in one transaction; nothing was applied", result.Error, StringComparison.Ordinal);
        Assert.Contains("2_index.sql must run outside a transaction: statement 1 (line 1) is CREATE INDEX CONCURRENTLY", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await ReliabilityChecks.DeepFingerprintAsync(db));
    }

    static Task<string> Log(TestDatabase db) =>
        db.ScalarAsync<string>("SELECT coalesce(string_agg(what, ',' ORDER BY id), '') FROM callback_log");
}
