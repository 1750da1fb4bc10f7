using System.Diagnostics;
using System.Globalization;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 18: the reliability rules hold for <c>down</c> as for <c>migrate</c>. Killed with SIGKILL at a random moment,
/// it leaves history and schema agreeing (every migration whose row says reverted has its objects gone and its revert
/// logged once, every other one has them), and the next <c>down</c>, started at once, finishes the job. Several
/// <c>down</c>s started together revert each migration once.
/// </summary>
[Collection(nameof(ReliabilityProcesses))]
public sealed class DownReliabilityTests(PostgresServer server)
{
    const int Count = 20;

    [Fact]
    public async Task Kill_9_during_down_leaves_history_and_schema_consistent_and_the_next_down_completes()
    {
        var seed = ReliabilityReport.Seed;
        var kills = Math.Max(4, ReliabilityReport.Kills / 5);
        ReliabilityReport.Log($"kill -9 during down: seed {seed} (replay with WAYLI_RELIABILITY_SEED={seed}), {kills} kills");
        var random = new Random(seed ^ 0xD0);
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = WriteReversibleSet(new MigrationFolder());
        var window = await CalibrateAsync(folder);

        var failures = new List<string>();
        var midRun = 0;
        for (var trial = 1; trial <= kills; trial++)
        {
            var db = await MigratedAsync(folder);
            // Most of the window is the process starting: kills are drawn from its last two thirds, where the reverts are.
            var delay = TimeSpan.FromMilliseconds((1 + 2 * random.NextDouble()) / 3 * window.TotalMilliseconds);
            using var process = FaultProcess.Start("down", "--db-url", db.Url, "--dir", folder.Path, "--to", "1", "--yes");
            await Task.Delay(delay, cancellationToken);
            process.Kill9();
            await process.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            // A session of the killed run may still be reverting on the server: let it end, then look.
            await ReliabilityChecks.WaitForOtherSessionsToEndAsync(db, TimeSpan.FromMinutes(1), cancellationToken);
            var atKill = await StateAsync(db);
            midRun += atKill.Reverted.Count is > 0 and < Count - 1 ? 1 : 0;
            var problems = atKill.Inconsistencies();

            var rerun = await Tool.RunAsync("down", "--db-url", db.Url, "--dir", folder.Path, "--to", "1", "--yes");
            ReliabilityChecks.AssertNoSecrets(rerun, db.Password);
            if (rerun.ExitCode != ExitCodes.Ok)
                problems.Add($"the next down exited {rerun.ExitCode}: {rerun.All.Split('\n')[0]}");
            var final = await StateAsync(db);
            problems.AddRange(final.Inconsistencies());
            if (final.Reverted.Count != Count - 1)
                problems.Add($"after the next down {final.Reverted.Count} of {Count - 1} are reverted");
            if (problems.Count > 0)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"trial {trial} (kill after {delay.TotalMilliseconds:0} ms, {atKill.Reverted.Count} reverted): {string.Join("; ", problems)}"));
            }
        }

        ReliabilityReport.Record("kill -9: during down", kills, kills - failures.Count, string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}; {Count - 1} reverts ({FaultProcess.Kind}), kill window {ReliabilityReport.Ms(window)}; kills that landed mid-run: {midRun}; failures: {failures.Count}"));
        Assert.True(failures.Count == 0, $"seed {seed}:\n" + string.Join('\n', failures));
        // The trials prove something only if kills land while reverts commit.
        Assert.True(midRun > 0, $"seed {seed}: no kill of {kills} landed mid-run (window {window})");
    }

    [Theory]
    [InlineData("--to", "1")]
    [InlineData("--steps", "1")]
    public async Task Downs_started_together_revert_each_migration_once(string option, string value)
    {
        var processes = Math.Max(2, ReliabilityReport.Processes / 4);
        var rounds = Math.Max(2, ReliabilityReport.Rounds / 4);
        using var folder = WriteReversibleSet(new MigrationFolder());
        var cancellationToken = TestContext.Current.CancellationToken;
        var failures = new List<string>();
        var outcomes = new Dictionary<int, int>();
        for (var round = 1; round <= rounds; round++)
        {
            var db = await MigratedAsync(folder);
            var running = Enumerable.Range(0, processes)
                .Select(_ => FaultProcess.Start("down", "--db-url", db.Url, "--dir", folder.Path, option, value, "--yes"))
                .ToList();
            var results = new List<CliResult?>();
            foreach (var process in running)
            {
                using (process)
                    results.Add(await process.WaitAsync(TimeSpan.FromMinutes(3), cancellationToken));
            }
            var problems = new List<string>();
            var revertedByProcesses = 0;
            foreach (var result in results)
            {
                if (result is null)
                {
                    problems.Add("a process was still running after 3 minutes and was killed");
                    continue;
                }
                ReliabilityChecks.AssertNoSecrets(result, db.Password);
                outcomes[result.ExitCode] = outcomes.GetValueOrDefault(result.ExitCode) + 1;
                revertedByProcesses += result.Output.Split('\n').Count(l => l.Contains("] reverting ", StringComparison.Ordinal) && l.Contains(" ... ok", StringComparison.Ordinal));
                // A process may only revert what it was shown, or refuse because the history moved under it.
                var refusedForChange = result.ExitCode == ExitCodes.Validation && result.Error.Contains("the history changed while this run waited", StringComparison.Ordinal);
                if (result.ExitCode != ExitCodes.Ok && !refusedForChange)
                    problems.Add($"exit {result.ExitCode}: {result.All.Split('\n')[0]}");
            }
            var state = await StateAsync(db);
            problems.AddRange(state.Inconsistencies());
            if (state.Reverted.Count != revertedByProcesses)
                problems.Add($"{state.Reverted.Count} migrations are reverted but the processes reported {revertedByProcesses} reverts");
            if (option == "--to" && state.Reverted.Count != Count - 1)
                problems.Add($"down --to 1 left {Count - 1 - state.Reverted.Count} migration(s) applied");
            if (option == "--steps" && state.Reverted.Count == 0)
                problems.Add("no process reverted anything");
            if (problems.Count > 0)
                failures.Add($"round {round} ({db.Name}): {string.Join("; ", problems.Distinct())}");
        }

        ReliabilityReport.Record($"concurrency: downs started together ({option} {value})", rounds, rounds - failures.Count, string.Create(CultureInfo.InvariantCulture,
            $"{processes} {FaultProcess.Kind} processes x {rounds} rounds; exit codes {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}"))}"));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Migration 1 keeps two logs (never reverted); every other one makes a table, logs its application, and its
    /// down part drops the table and logs the revert. Every fifth down part is slow, so kills land inside one.
    /// </summary>
    static MigrationFolder WriteReversibleSet(MigrationFolder folder)
    {
        folder.Write("1_logs.sql", "CREATE TABLE applied_log (version int NOT NULL);\nCREATE TABLE reverted_log (version int NOT NULL);\n");
        for (var i = 2; i <= Count; i++)
        {
            var sleep = i % 5 == 0 ? "SELECT pg_sleep(0.1);\n" : "";
            folder.Write($"{i}_step.sql", $"CREATE TABLE step_{i} (id int);\nINSERT INTO applied_log VALUES ({i});\n"
                + $"-- migrate:down\nDROP TABLE step_{i};\n{sleep}INSERT INTO reverted_log VALUES ({i});\n");
        }
        return folder;
    }

    async Task<TestDatabase> MigratedAsync(MigrationFolder folder)
    {
        var db = await server.CreateDatabaseAsync();
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        return db;
    }

    async Task<TimeSpan> CalibrateAsync(MigrationFolder folder)
    {
        var db = await MigratedAsync(folder);
        using var process = FaultProcess.Start("down", "--db-url", db.Url, "--dir", folder.Path, "--to", "1", "--yes");
        var result = await process.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(process.Started);
        Assert.True(result is { ExitCode: ExitCodes.Ok }, result?.ToString() ?? "the calibration run did not finish");
        Assert.Equal(Count - 1, (await StateAsync(db)).Reverted.Count);
        return elapsed;
    }

    static async Task<DownState> StateAsync(TestDatabase db)
    {
        var reverted = await db.ScalarAsync<string>("SELECT coalesce(string_agg(version, ',' ORDER BY version::int), '') FROM database_migrations WHERE reverted");
        var tables = await db.ScalarAsync<string>(
            "SELECT coalesce(string_agg(substr(relname, 6), ',' ORDER BY substr(relname, 6)::int), '') FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname LIKE 'step\\_%'");
        var logged = await db.ScalarAsync<string>(
            "SELECT coalesce(string_agg(format('%s x%s', version, n), ',' ORDER BY version), '') FROM (SELECT version, count(*) n FROM reverted_log GROUP BY version) c");
        return new DownState(Split(reverted), Split(tables), Split(logged));
    }

    static List<string> Split(string text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries)];

    sealed record DownState(List<string> Reverted, List<string> Tables, List<string> Logged)
    {
        /// <summary>What disagrees: a reverted migration has no table and one logged revert; every other one has its table and none.</summary>
        public List<string> Inconsistencies()
        {
            var problems = new List<string>();
            for (var i = 2; i <= Count; i++)
            {
                var version = i.ToString(CultureInfo.InvariantCulture);
                var reverted = Reverted.Contains(version);
                if (reverted == Tables.Contains(version))
                    problems.Add($"{version} is {(reverted ? "reverted but its table is there" : "applied but its table is gone")}");
                var logged = Logged.FirstOrDefault(l => l.StartsWith(version + " x", StringComparison.Ordinal));
                if (reverted ? logged != $"{version} x1" : logged is not null)
                    problems.Add($"{version} ({(reverted ? "reverted" : "applied")}) has revert log '{logged ?? "none"}'");
            }
            return problems;
        }
    }
}
