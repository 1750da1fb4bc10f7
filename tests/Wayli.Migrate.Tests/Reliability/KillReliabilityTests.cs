using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 7, part 2: <c>migrate</c> killed with SIGKILL at a seeded random moment, again and again. After each kill the
/// database holds no partially applied transactional migration (history rows, tables and logged rows agree), and the
/// next <c>migrate</c>, started at once as an orchestrator would, completes. The same for a file that runs outside a
/// transaction: it is idempotent, so its rerun completes, and the history ends saying it was applied.
/// </summary>
[Collection(nameof(ReliabilityProcesses))]
public sealed class KillReliabilityTests(PostgresServer server)
{
    const int Count = 50;

    [Fact]
    public async Task Kill_9_at_a_random_moment_leaves_no_partial_migration_and_the_next_migrate_completes()
    {
        var seed = ReliabilityReport.Seed;
        var kills = ReliabilityReport.Kills;
        ReliabilityReport.Log($"kill -9 (transactional): seed {seed} (replay with WAYLI_RELIABILITY_SEED={seed}), {kills} kills");
        var random = new Random(seed);
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = WriteTransactionalSet(new MigrationFolder());
        var window = await CalibrateAsync(folder, expected: Count);

        var failures = new List<string>();
        var landed = new Dictionary<string, int> { ["before the first migration"] = 0, ["mid-run"] = 0, ["after the last migration"] = 0 };
        var orphans = 0;
        var settleTimes = new List<TimeSpan>();
        for (var trial = 1; trial <= kills; trial++)
        {
            var db = await server.CreateDatabaseAsync();
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * window.TotalMilliseconds);
            using var process = FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path);
            await Task.Delay(delay, cancellationToken);
            var killed = process.Kill9();
            var killedRun = await process.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            if (killedRun is not null)
                ReliabilityChecks.AssertNoSecrets(killedRun, db.Password);

            // What the kill left, read in one snapshot; a session of the killed run may still be working on the server.
            var atKill = await SnapshotAsync(db);
            orphans += atKill.ActiveSessions > 0 ? 1 : 0;
            var applied = atKill.History.Count;
            landed[!killed || applied == Count ? "after the last migration" : applied == 0 ? "before the first migration" : "mid-run"]++;
            var problems = atKill.Inconsistencies(complete: false);

            var rerun = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
            ReliabilityChecks.AssertNoSecrets(rerun, db.Password);
            if (rerun.ExitCode != ExitCodes.Ok)
                problems.Add($"the next migrate exited {rerun.ExitCode}: {FirstLines(rerun.All)}");
            settleTimes.Add(await ReliabilityChecks.WaitForOtherSessionsToEndAsync(db, TimeSpan.FromMinutes(1), cancellationToken));
            var final = await SnapshotAsync(db);
            var incomplete = final.Inconsistencies(complete: true);
            // A failed next run is retried once more, to show whether the database itself was left sound.
            if (incomplete.Count > 0 || rerun.ExitCode != ExitCodes.Ok)
            {
                var third = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
                problems.Add($"after another migrate (exit {third.ExitCode}): "
                    + ((await SnapshotAsync(db)).Inconsistencies(complete: true) is { Count: > 0 } still ? string.Join("; ", still) : "complete"));
            }
            problems.AddRange(incomplete);
            if (problems.Count > 0)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"trial {trial} (kill after {delay.TotalMilliseconds:0} ms, {applied} applied, orphaned session: {atKill.ActiveSessions > 0}): {string.Join("; ", problems)}"));
            }
        }

        ReliabilityReport.Record("kill -9: transactional migrations", kills, kills - failures.Count, string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}; {Count} migrations ({FaultProcess.Kind}), kill window {ReliabilityReport.Ms(window)}; landed "
            + $"{string.Join(", ", landed.Select(l => $"{l.Key}: {l.Value}"))}"
            + $"; a session of the killed run still active after the kill: {orphans}; sessions gone after median {ReliabilityReport.Ms(ReliabilityReport.Median(settleTimes))}"
            + $"; failures: {failures.Count}"));
        Assert.True(failures.Count == 0, $"seed {seed}:\n" + string.Join('\n', failures));
        // The trials prove something only if kills land while migrations commit: at least a tenth of them must.
        Assert.True(landed["mid-run"] * 10 >= kills, $"seed {seed}: only {landed["mid-run"]} of {kills} kills landed mid-run (window {window})");
    }

    [Fact]
    public async Task A_migrate_started_right_after_a_kill_is_not_overrun_by_the_killed_runs_orphaned_session()
    {
        // The killed process had sent its migration's whole batch (BEGIN … COMMIT) in one round trip: the server goes on
        // executing it after the client is gone, and only the lock's session ends at once.
        var db = await server.CreateDatabaseAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = new MigrationFolder();
        folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        folder.Write("2_slow.sql", "CREATE TABLE slow_table (id int);\nSELECT pg_sleep(2);\nINSERT INTO slow_table VALUES (1);\n");
        folder.Write("3_last.sql", "CREATE TABLE last_table (id int);\n");
        using var process = FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var exited = Task.Run(() => process.WaitAsync(cancellationToken), cancellationToken);
        await ReliabilityChecks.WaitForSessionAsync(db, "state = 'active' AND query LIKE '%pg_sleep(2)%'", exited, cancellationToken);
        process.Kill9();
        await exited;

        var rerun = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var settled = await ReliabilityChecks.WaitForOtherSessionsToEndAsync(db, TimeSpan.FromMinutes(1), cancellationToken);

        ReliabilityReport.Record("kill -9: rerun at once while the killed run's session works on", 1, rerun.ExitCode == ExitCodes.Ok ? 1 : 0,
            $"rerun exit {rerun.ExitCode}; the orphaned session ended {ReliabilityReport.Ms(settled)} after the rerun");
        ReliabilityChecks.AssertNoSecrets(rerun, db.Password);
        Assert.True(rerun.ExitCode == ExitCodes.Ok, rerun.ToString());
        Assert.Equal(["1", "2", "3"], (await db.HistoryAsync()).Where(h => h.Success).Select(h => h.Version));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM slow_table"));
    }

    [Fact]
    public async Task Kill_9_at_a_random_moment_of_a_non_transactional_file_the_rerun_completes_and_history_records_it()
    {
        var seed = ReliabilityReport.Seed;
        var kills = Math.Max(1, ReliabilityReport.Kills / 5);
        ReliabilityReport.Log($"kill -9 (non-transactional): seed {seed} (replay with WAYLI_RELIABILITY_SEED={seed}), {kills} kills");
        var random = new Random(seed ^ 0x5EED);
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = WriteNonTransactionalSet(new MigrationFolder());
        var window = await CalibrateAsync(folder, expected: 3);

        var failures = new List<string>();
        var partlyApplied = 0;
        for (var trial = 1; trial <= kills; trial++)
        {
            var db = await server.CreateDatabaseAsync();
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * window.TotalMilliseconds);
            using var process = FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path);
            await Task.Delay(delay, cancellationToken);
            process.Kill9();
            await process.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            // What the kill left (a session of the killed run may still be building an index).
            var recorded = await db.ExistsAsync("public.database_migrations")
                && await db.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM public.database_migrations WHERE version = '2')");
            var started = await db.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('public.items_name') AND indisvalid)");
            partlyApplied += started && !recorded ? 1 : 0;

            var rerun = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
            ReliabilityChecks.AssertNoSecrets(rerun, db.Password);
            await ReliabilityChecks.WaitForOtherSessionsToEndAsync(db, TimeSpan.FromMinutes(1), cancellationToken);
            var problems = new List<string>();
            if (rerun.ExitCode != ExitCodes.Ok)
                problems.Add($"the next migrate exited {rerun.ExitCode}: {FirstLines(rerun.All)}");
            var history = await db.HistoryAsync();
            if (!history.Select(h => (h.Version, h.Success)).SequenceEqual([("1", true), ("2", true), ("3", true)]))
                problems.Add("history is " + string.Join(',', history.Select(h => $"{h.Version}:{h.Success}")));
            if (await db.ScalarAsync<long>("SELECT count(*) FROM pg_index WHERE indexrelid IN (to_regclass('public.items_name'), to_regclass('public.items_id')) AND indisvalid") != 2)
                problems.Add("an index is missing or INVALID");
            if (!await db.ExistsAsync("public.after_indexes"))
                problems.Add("the migration after the non-transactional one was not applied");
            if (problems.Count > 0)
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"trial {trial} (kill after {delay.TotalMilliseconds:0} ms): {string.Join("; ", problems)}"));
        }

        ReliabilityReport.Record("kill -9: non-transactional file", kills, kills - failures.Count, string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}; kill window {ReliabilityReport.Ms(window)}; kills that left part of the file applied with no history row: {partlyApplied}; failures: {failures.Count}"));
        Assert.True(failures.Count == 0, $"seed {seed}:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task Kill_9_during_create_index_concurrently_the_rerun_completes_once_the_orphaned_build_ends()
    {
        var db = await server.CreateDatabaseAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = WriteNonTransactionalSet(new MigrationFolder());
        await using var holder = await HoldSnapshotAsync(db, folder);
        using var process = FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var exited = Task.Run(() => process.WaitAsync(cancellationToken), cancellationToken);
        await ReliabilityChecks.WaitForSessionAsync(db, "wait_event = 'virtualxid' AND query LIKE 'CREATE INDEX CONCURRENTLY%'", exited, cancellationToken);
        process.Kill9();
        await exited;

        // Restarted at once; the killed run's index build goes on in its orphaned session until the snapshot it waits for ends.
        var rerun = Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        await Task.WhenAny(rerun, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
        await using (var release = new NpgsqlCommand("COMMIT", holder))
            await release.ExecuteNonQueryAsync(cancellationToken);
        var result = await rerun;
        await ReliabilityChecks.WaitForOtherSessionsToEndAsync(db, TimeSpan.FromMinutes(1), cancellationToken, holder.ProcessID);

        ReliabilityReport.Record("kill -9: during CREATE INDEX CONCURRENTLY, rerun at once", 1, result.ExitCode == ExitCodes.Ok ? 1 : 0,
            $"rerun exit {result.ExitCode}{(result.ExitCode == ExitCodes.Ok ? "" : ": " + FirstLines(result.Error))}");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.items_name'::regclass"));
        Assert.All(await db.HistoryAsync(), row => Assert.True(row.Success));
    }

    [Fact]
    public async Task Kill_9_during_create_index_concurrently_whose_build_is_then_cancelled_names_the_invalid_index_and_completes_after_the_drop()
    {
        var db = await server.CreateDatabaseAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = WriteNonTransactionalSet(new MigrationFolder());
        await using var holder = await HoldSnapshotAsync(db, folder);
        using var process = FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var exited = Task.Run(() => process.WaitAsync(cancellationToken), cancellationToken);
        var orphan = await ReliabilityChecks.WaitForSessionAsync(db, "wait_event = 'virtualxid' AND query LIKE 'CREATE INDEX CONCURRENTLY%'", exited, cancellationToken);
        process.Kill9();
        await exited;
        // The server ends the orphaned build (as it does when it notices the client is gone): the index stays INVALID.
        await db.ExecuteAsync($"SELECT pg_terminate_backend({orphan.ToString(CultureInfo.InvariantCulture)})");
        await ReliabilityChecks.WaitForOtherSessionsToEndAsync(db, TimeSpan.FromMinutes(1), cancellationToken, holder.ProcessID);
        await using (var release = new NpgsqlCommand("COMMIT", holder))
            await release.ExecuteNonQueryAsync(cancellationToken);
        var historyAfterKill = await db.HistoryAsync();

        var first = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var failedRow = (await db.HistoryAsync()).Single(h => h.Version == "2");
        await db.ExecuteAsync("DROP INDEX CONCURRENTLY items_name");
        var second = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        ReliabilityReport.Record("kill -9: CREATE INDEX CONCURRENTLY cancelled, INVALID index", 1, second.ExitCode == ExitCodes.Ok ? 1 : 0,
            $"history after the kill: {string.Join(',', historyAfterKill.Select(h => $"{h.Version}:{h.Success}"))}; rerun exit {first.ExitCode} naming the INVALID index; after DROP INDEX exit {second.ExitCode}");
        ReliabilityChecks.AssertNoSecrets(first, db.Password);
        ReliabilityChecks.AssertNoSecrets(second, db.Password);
        Assert.Equal([("1", true)], historyAfterKill.Select(h => (h.Version, h.Success)));
        Assert.True(first.ExitCode == ExitCodes.MigrationFailed, first.ToString());
        Assert.Contains("items_name already exists but is INVALID", first.Error, StringComparison.Ordinal);
        Assert.Contains("DROP INDEX CONCURRENTLY items_name", first.Error, StringComparison.Ordinal);
        Assert.False(failedRow.Success);
        Assert.Contains("INVALID", failedRow.Error, StringComparison.Ordinal);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Contains("runs again from the top", second.Error, StringComparison.Ordinal);
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.items_name'::regclass"));
        Assert.All(await db.HistoryAsync(), row => Assert.True(row.Success));
    }

    /// <summary>
    /// Applies the first migration, then opens a transaction whose snapshot a CREATE INDEX CONCURRENTLY must wait for,
    /// so the build can be caught mid-flight. Commit the returned connection's transaction to let it go on.
    /// </summary>
    static async Task<NpgsqlConnection> HoldSnapshotAsync(TestDatabase db, MigrationFolder folder)
    {
        using var first = new MigrationFolder();
        File.Copy(Path.Combine(folder.Path, "1_items.sql"), Path.Combine(first.Path, "1_items.sql"));
        var setup = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", first.Path);
        Assert.True(setup.ExitCode == ExitCodes.Ok, setup.ToString());
        var holder = await db.OpenAsync();
        await using var command = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM pg_class;", holder);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return holder;
    }

    /// <summary>Runs the set once without a kill, to learn how long a run takes (the window kills are drawn from).</summary>
    async Task<TimeSpan> CalibrateAsync(MigrationFolder folder, int expected)
    {
        var db = await server.CreateDatabaseAsync();
        using var process = FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var result = await process.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(process.Started);
        Assert.True(result is { ExitCode: ExitCodes.Ok }, result?.ToString() ?? "the calibration run did not finish");
        Assert.Equal(expected, (await db.HistoryAsync()).Count(h => h.Success));
        return elapsed;
    }

    static MigrationFolder WriteTransactionalSet(MigrationFolder folder)
    {
        folder.Write("1_log.sql", "CREATE TABLE kill_log (version int NOT NULL);\nINSERT INTO kill_log VALUES (1);\n");
        for (var i = 2; i <= Count; i++)
        {
            // Every tenth one is slow, so kills land inside a migration's transaction as well as between them.
            var sleep = i % 10 == 0 ? "SELECT pg_sleep(0.1);\n" : "";
            folder.Write($"{i}_step.sql", $"CREATE TABLE kill_{i} (id int);\n{sleep}INSERT INTO kill_log VALUES ({i});\n");
        }
        return folder;
    }

    static MigrationFolder WriteNonTransactionalSet(MigrationFolder folder)
    {
        folder.Write("1_items.sql", "CREATE TABLE items (id int, name text);\nINSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 20000) g;\n");
        folder.Write("2_indexes.sql", """
            CREATE INDEX CONCURRENTLY IF NOT EXISTS items_name ON items (name);
            SELECT pg_sleep(0.3);
            CREATE INDEX CONCURRENTLY IF NOT EXISTS items_id ON items (id);
            """);
        folder.Write("3_after.sql", "CREATE TABLE after_indexes (id int);\n");
        return folder;
    }

    /// <summary>History, tables and logged rows of the transactional set, read in one snapshot.</summary>
    static async Task<KillState> SnapshotAsync(TestDatabase db)
    {
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        async Task<string> Text(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            return (string)(await command.ExecuteScalarAsync())!;
        }
        var active = long.Parse(await Text(
            "SELECT count(*)::text FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND backend_type = 'client backend'"),
            CultureInfo.InvariantCulture);
        var relations = await Text("SELECT coalesce(string_agg(relname, ','), '') FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'");
        var names = relations.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var history = new List<(string Version, bool Success)>();
        if (names.Contains("database_migrations"))
        {
            var rows = await Text("SELECT coalesce(string_agg(version || ':' || success, ',' ORDER BY version), '') FROM public.database_migrations");
            history.AddRange(rows.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(':')).Select(p => (p[0], p[1] == "true")));
        }
        var logged = names.Contains("kill_log")
            ? (await Text("SELECT coalesce(string_agg(version::text, ','), '') FROM kill_log")).Split(',', StringSplitOptions.RemoveEmptyEntries).ToList()
            : [];
        var tables = names.Where(n => n.StartsWith("kill_", StringComparison.Ordinal) && n != "kill_log").Select(n => n["kill_".Length..]).ToList();
        if (names.Contains("kill_log"))
            tables.Add("1");
        return new KillState(history, tables, logged, (int)active);
    }

    sealed record KillState(List<(string Version, bool Success)> History, List<string> Tables, List<string> Logged, int ActiveSessions)
    {
        /// <summary>What disagrees: every applied version has its table and exactly one logged row, and nothing else does.</summary>
        public List<string> Inconsistencies(bool complete)
        {
            var problems = new List<string>();
            if (History.Any(h => !h.Success))
                problems.Add("failed history rows: " + string.Join(',', History.Where(h => !h.Success).Select(h => h.Version)));
            var applied = History.Where(h => h.Success).Select(h => h.Version).Order(StringComparer.Ordinal).ToList();
            var tables = Tables.Order(StringComparer.Ordinal).ToList();
            var logged = Logged.Order(StringComparer.Ordinal).ToList();
            if (!applied.SequenceEqual(tables))
                problems.Add($"history ({applied.Count}) and tables ({tables.Count}) differ: {string.Join(',', applied.Except(tables).Concat(tables.Except(applied)))}");
            if (!applied.SequenceEqual(logged))
                problems.Add($"history ({applied.Count}) and logged rows ({logged.Count}) differ: {string.Join(',', logged.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key + " twice").Concat(applied.Except(logged)))}");
            if (complete && applied.Count != Count)
                problems.Add($"{applied.Count} of {Count} migrations applied");
            return problems;
        }
    }

    static string FirstLines(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("note:", StringComparison.Ordinal)).Take(3));
}
