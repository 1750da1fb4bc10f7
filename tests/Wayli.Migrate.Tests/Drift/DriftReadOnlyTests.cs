using Wayli.Migrate.Cli;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Drift;

/// <summary>
/// <c>drift</c> only reads the target. Runs alone: transaction ids are shared by the whole cluster, so "no transaction id
/// was used" proves "nothing was written" only when no other test writes at the same time.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class DriftReadOnlyTests(PostgresServer server)
{
    [Fact]
    public async Task Drift_writes_nothing_and_runs_while_every_migrated_table_is_locked_against_everything_but_reading()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = DriftSet.Folder();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        await db.ExecuteAsync("CREATE INDEX trips_title_idx ON public.trips (title); INSERT INTO public.trips (title) VALUES ('a row')");

        var result = await WhileLockedAsync(db, "drift", "--db-url", db.Url, "--dir", folder.Path, "--json");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Equal([("only-in-database", "index", "public.trips.trips_title_idx", "public.trips")], DriftSet.Differences(result.Output));
    }

    [Fact]
    public async Task Rehearse_writes_nothing_and_runs_while_every_migrated_table_is_locked_against_everything_but_reading()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = DriftSet.Folder();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        await db.ExecuteAsync("INSERT INTO public.trips (title) VALUES ('a row'); ANALYZE public.trips");
        folder.Write("20250103000000_rewrite.sql", "ALTER TABLE public.trips ALTER COLUMN note TYPE int USING length(note);\nCREATE INDEX IF NOT EXISTS trips_note_idx ON public.trips (note);\n");

        var result = await WhileLockedAsync(db, "plan", "--rehearse", "--db-url", db.Url, "--dir", folder.Path, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(result.Output);
        var statements = document.RootElement.GetProperty("migrations").EnumerateArray().Single().GetProperty("statements").EnumerateArray().ToList();
        Assert.Contains("public.trips", statements[0].GetProperty("rewritten").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM public.trips"));
    }

    /// <summary>
    /// Runs the tool while every table of <see cref="DriftSet"/> and the history is locked IN EXCLUSIVE MODE, which
    /// conflicts with every lock but ACCESS SHARE: anything it did besides plain reads would wait. Then checks that no
    /// transaction id was used and the catalogs and history are as they were.
    /// </summary>
    static async Task<CliResult> WhileLockedAsync(TestDatabase db, params string[] args)
    {
        var catalogs = await FingerprintAsync(db);
        var history = await db.HistorySnapshotAsync();
        var nextXid = await db.NextTransactionIdAsync();
        await using var holder = await db.OpenAsync();
        await using (var lockAll = new Npgsql.NpgsqlCommand(
            "BEGIN; LOCK TABLE public.trips, public.stops, app.settings, public.database_migrations IN EXCLUSIVE MODE", holder))
            await lockAll.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        var run = Tool.RunAsync(args);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken));

        Assert.True(finished == run, $"{args[0]} waited for a lock on the target");
        await using (var unlock = new Npgsql.NpgsqlCommand("COMMIT", holder))
            await unlock.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        Assert.Equal(nextXid, await db.NextTransactionIdAsync());
        Assert.Equal(history, await db.HistorySnapshotAsync());
        var after = catalogs.CompareTo(await FingerprintAsync(db));
        Assert.True(after.IsEmpty, after.Describe());
        return await run;
    }

    static async Task<SchemaFingerprint> FingerprintAsync(TestDatabase db)
    {
        await using var connection = await db.OpenAsync();
        return await SchemaFingerprint.CaptureAsync(connection, cancellationToken: TestContext.Current.CancellationToken);
    }
}
