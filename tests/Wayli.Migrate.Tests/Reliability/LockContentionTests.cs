using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 7, part 4, what ProductionTests does not already show: without --statement-lock-timeout a migration waits for
/// a busy table as long as it takes (and the application's queries queue behind it); with it, the application's
/// queries get through while the long transaction still holds its lock, and the migration succeeds once it is gone.
/// Everything is asserted on the server's lock state, not on durations.
/// </summary>
public sealed class LockContentionTests(PostgresServer server)
{
    [Fact]
    public async Task Without_a_statement_lock_timeout_the_migration_waits_for_the_lock_and_queues_other_queries_behind_it()
    {
        var db = await server.CreateDatabaseAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await db.ExecuteAsync("CREATE TABLE busy (id int); INSERT INTO busy VALUES (1);");
        using var folder = new MigrationFolder();
        folder.Write("1_alter.sql", "ALTER TABLE busy ADD COLUMN IF NOT EXISTS note text;\n");
        await using var holder = await HoldAsync(db, "BEGIN; SELECT count(*) FROM busy;");

        var migrate = Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var migrator = await WaitForLockWaitAsync(db, migrate);
        var reader = ReadAsync(db, cancellationToken);
        var readerPid = await ReaderPidAsync(db, cancellationToken);
        var readerBlockedBy = await BlockersAsync(db, readerPid, until: reader, stopWhenSeen: migrator, cancellationToken);
        // Hold long enough for several of the migrator's polls: it is still there, and so is the reader.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var stillWaiting = await IsWaitingForLockAsync(db, migrator) && !migrate.IsCompleted && !reader.IsCompleted;
        await CommitAsync(holder);
        var result = await migrate;
        var readerTime = await reader;

        ReliabilityReport.Record("lock contention: no --statement-lock-timeout", 1, result.ExitCode == ExitCodes.Ok && stillWaiting ? 1 : 0,
            $"migration waited while the lock was held: {stillWaiting}; reader blocked by the migrator: {readerBlockedBy.Contains(migrator)}; reader waited {ReliabilityReport.Ms(readerTime)} (until the holder committed)");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        Assert.True(stillWaiting, "the migration should still wait for the lock, and the reader behind it");
        Assert.Contains(migrator, readerBlockedBy);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.DoesNotContain("retrying", result.Error, StringComparison.Ordinal);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'busy' AND column_name = 'note'"));
        Assert.True(Assert.Single(await db.HistoryAsync()).Success);
    }

    [Fact]
    public async Task With_a_statement_lock_timeout_queued_queries_get_through_while_the_lock_is_still_held_and_the_migration_then_succeeds()
    {
        var db = await server.CreateDatabaseAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await db.ExecuteAsync("CREATE TABLE busy (id int); INSERT INTO busy VALUES (1);");
        using var folder = new MigrationFolder();
        folder.Write("1_alter.sql", "ALTER TABLE busy ADD COLUMN IF NOT EXISTS note text;\n");
        await using var holder = await HoldAsync(db, "BEGIN; SELECT count(*) FROM busy;");

        var migrate = Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--statement-lock-timeout", "3s", "--lock-retries", "30");
        var migrator = await WaitForLockWaitAsync(db, migrate);
        var readers = new List<(TimeSpan Waited, bool Blocked)>();
        // Readers that arrive while the migration waits in the queue: each is blocked by it, then gets through
        // (the migration gives up its place after the timeout) while the holder's transaction is still open. The
        // timeout (3 s) is long beside the moment a reader takes to arrive, so every reader meets a waiting migration.
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
                migrator = await WaitForLockWaitAsync(db, migrate);
            var reader = ReadAsync(db, cancellationToken);
            var readerPid = await ReaderPidAsync(db, cancellationToken);
            var blockers = await BlockersAsync(db, readerPid, until: reader, stopWhenSeen: null, cancellationToken);
            readers.Add((await reader, blockers.Contains(migrator)));
            Assert.False(migrate.IsCompleted, "the migration cannot finish while the holder holds its lock");
        }
        var holderStillOpen = await db.ScalarAsync<long>(
            $"SELECT count(*) FROM pg_stat_activity WHERE pid = {holder.ProcessID.ToString(CultureInfo.InvariantCulture)} AND state = 'idle in transaction'") == 1;
        await CommitAsync(holder);
        var result = await migrate;

        ReliabilityReport.Record("lock contention: --statement-lock-timeout 3s", readers.Count, readers.Count(r => r.Blocked),
            $"readers queued behind the migration: {readers.Count(r => r.Blocked)}/{readers.Count}, all through while the holder still held its lock: {holderStillOpen}; "
            + $"reader waits {string.Join(", ", readers.Select(r => ReliabilityReport.Ms(r.Waited)))} (timeout 3 s); retries logged: {CountOccurrences(result.Error, "retrying 1_alter.sql")}");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        Assert.True(holderStillOpen, "every reader got through while the holder's transaction was still open");
        Assert.All(readers, r => Assert.True(r.Blocked, "each reader must have queued behind the waiting migration"));
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("retrying 1_alter.sql", result.Error, StringComparison.Ordinal);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'busy' AND column_name = 'note'"));
        Assert.True(Assert.Single(await db.HistoryAsync()).Success);
    }

    static async Task<NpgsqlConnection> HoldAsync(TestDatabase db, string sql)
    {
        var connection = await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    static async Task CommitAsync(NpgsqlConnection holder)
    {
        await using var command = new NpgsqlCommand("COMMIT", holder);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The pid of the migrator's session once it waits for an AccessExclusiveLock on busy.</summary>
    static Task<int> WaitForLockWaitAsync(TestDatabase db, Task migrate) =>
        ReliabilityChecks.WaitForSessionAsync(db,
            "application_name = 'wayli-migrate' AND pid IN (SELECT pid FROM pg_locks WHERE NOT granted AND mode = 'AccessExclusiveLock' AND relation = 'public.busy'::regclass)",
            migrate, TestContext.Current.CancellationToken);

    static async Task<bool> IsWaitingForLockAsync(TestDatabase db, int pid) =>
        await db.ScalarAsync<long>($"SELECT count(*) FROM pg_locks WHERE pid = {pid.ToString(CultureInfo.InvariantCulture)} AND NOT granted") > 0;

    /// <summary>An application query on the busy table, on its own session; returns how long it took.</summary>
    static async Task<TimeSpan> ReadAsync(TestDatabase db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        await using var command = new NpgsqlCommand("SELECT /* reader */ count(*) FROM busy", connection) { CommandTimeout = 120 };
        await command.ExecuteScalarAsync(cancellationToken);
        return Stopwatch.GetElapsedTime(started);
    }

    static async Task<int> ReaderPidAsync(TestDatabase db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync();
        for (var i = 0; i < 2000; i++)
        {
            await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT /* reader */%' AND pid <> pg_backend_pid() AND datname = current_database() LIMIT 1", connection);
            if (await command.ExecuteScalarAsync(cancellationToken) is int pid)
                return pid;
            await Task.Delay(5, cancellationToken);
        }
        return 0;
    }

    /// <summary>
    /// Every pid that blocked the reader at some point (polled from another session), until the reader finished or
    /// <paramref name="stopWhenSeen"/> was among them.
    /// </summary>
    static async Task<HashSet<int>> BlockersAsync(TestDatabase db, int readerPid, Task until, int? stopWhenSeen, CancellationToken cancellationToken)
    {
        var blockers = new HashSet<int>();
        await using var connection = await db.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        while (!until.IsCompleted && !(stopWhenSeen is { } pid && blockers.Contains(pid)) && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(1))
        {
            await using var command = new NpgsqlCommand($"SELECT pg_blocking_pids({readerPid.ToString(CultureInfo.InvariantCulture)})", connection);
            if (await command.ExecuteScalarAsync(cancellationToken) is int[] pids)
                blockers.UnionWith(pids);
            await Task.Delay(10, cancellationToken);
        }
        return blockers;
    }

    static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
