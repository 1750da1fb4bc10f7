using System.Globalization;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 18: repeatable migrations follow the reliability rules of versioned ones. Killed with SIGKILL while applying
/// them, migrate leaves every repeatable either applied with its row or not at all, and the next migrate completes;
/// runs started together apply each repeatable once per change.
/// </summary>
[Collection(nameof(ReliabilityProcesses))]
public sealed class RepeatableReliabilityTests(PostgresServer server)
{
    const int Count = 12;

    [Fact]
    public async Task Kill_9_during_repeatables_leaves_each_applied_with_its_row_or_not_at_all_and_the_next_migrate_completes()
    {
        var seed = ReliabilityReport.Seed;
        var kills = Math.Max(4, ReliabilityReport.Kills / 5);
        var random = new Random(seed ^ 0x4E9);
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = Write(new MigrationFolder(), "v1");
        var calibration = await server.CreateDatabaseAsync();
        TimeSpan window;
        using (var process = FaultProcess.Start("migrate", "--db-url", calibration.Url, "--dir", folder.Path))
        {
            Assert.True(await process.WaitAsync(TimeSpan.FromMinutes(3), cancellationToken) is { ExitCode: ExitCodes.Ok });
            window = System.Diagnostics.Stopwatch.GetElapsedTime(process.Started);
        }

        var failures = new List<string>();
        var partly = 0;
        for (var trial = 1; trial <= kills; trial++)
        {
            var db = await server.CreateDatabaseAsync();
            // Most of the window is the process starting: kills are drawn from its last two thirds, where the repeatables are.
            var delay = TimeSpan.FromMilliseconds((1 + 2 * random.NextDouble()) / 3 * window.TotalMilliseconds);
            using var process = FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path);
            await Task.Delay(delay, cancellationToken);
            process.Kill9();
            await process.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            await ReliabilityChecks.WaitForOtherSessionsToEndAsync(db, TimeSpan.FromMinutes(1), cancellationToken);
            var atKill = await StateAsync(db);
            partly += atKill.Recorded.Count is > 0 and < Count ? 1 : 0;
            var problems = atKill.Inconsistencies(expectedApplications: 1, complete: false);
            var rerun = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
            ReliabilityChecks.AssertNoSecrets(rerun, db.Password);
            if (rerun.ExitCode != ExitCodes.Ok)
                problems.Add($"the next migrate exited {rerun.ExitCode}: {rerun.All.Split('\n')[0]}");
            problems.AddRange((await StateAsync(db)).Inconsistencies(expectedApplications: 1, complete: true));
            if (problems.Count > 0)
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"trial {trial} (kill after {delay.TotalMilliseconds:0} ms): {string.Join("; ", problems)}"));
        }

        ReliabilityReport.Record("kill -9: during repeatable migrations", kills, kills - failures.Count, string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}; {Count} repeatables ({FaultProcess.Kind}); kills that left some applied and some not: {partly}; failures: {failures.Count}"));
        Assert.True(failures.Count == 0, $"seed {seed}:\n" + string.Join('\n', failures));
        Assert.True(partly > 0, $"seed {seed}: no kill of {kills} landed among the repeatables");
    }

    [Fact]
    public async Task Runs_started_together_apply_each_repeatable_once_per_change()
    {
        var processes = Math.Max(2, ReliabilityReport.Processes / 2);
        var rounds = Math.Max(2, ReliabilityReport.Rounds / 5);
        var cancellationToken = TestContext.Current.CancellationToken;
        var failures = new List<string>();
        for (var round = 1; round <= rounds; round++)
        {
            var db = await server.CreateDatabaseAsync();
            using var folder = Write(new MigrationFolder(), "v1");
            var problems = new List<string>();
            await RunTogetherAsync(db, folder, processes, problems, cancellationToken);
            problems.AddRange((await StateAsync(db)).Inconsistencies(expectedApplications: 1, complete: true));
            // Change every other repeatable: those are applied once more, by one of the runs; the others not at all.
            Write(folder, "v2", changeEveryOther: true);
            await RunTogetherAsync(db, folder, processes, problems, cancellationToken);
            var state = await StateAsync(db);
            for (var i = 1; i <= Count; i++)
            {
                var expected = i % 2 == 0 ? 2 : 1;
                if (state.Applications.GetValueOrDefault(Name(i)) != expected)
                    problems.Add($"{Name(i)} was applied {state.Applications.GetValueOrDefault(Name(i))} time(s), not {expected}");
            }
            if (problems.Count > 0)
                failures.Add($"round {round} ({db.Name}): {string.Join("; ", problems.Distinct())}");
        }
        ReliabilityReport.Record("concurrency: repeatables, runs started together", rounds, rounds - failures.Count,
            $"{processes} {FaultProcess.Kind} processes x {rounds} rounds x 2 changes of {Count} repeatables");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    static async Task RunTogetherAsync(TestDatabase db, MigrationFolder folder, int processes, List<string> problems, CancellationToken cancellationToken)
    {
        var running = Enumerable.Range(0, processes).Select(_ => FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path)).ToList();
        foreach (var process in running)
        {
            using (process)
            {
                var result = await process.WaitAsync(TimeSpan.FromMinutes(3), cancellationToken);
                if (result is null || result.ExitCode != ExitCodes.Ok)
                    problems.Add(result is null ? "a process was still running after 3 minutes" : $"exit {result.ExitCode}: {result.All.Split('\n')[0]}");
                else
                    ReliabilityChecks.AssertNoSecrets(result, db.Password);
            }
        }
    }

    static string Name(int i) => $"r{i:00}.sql";

    /// <summary>One versioned migration making the log, and repeatables that each log their application and take a moment.</summary>
    static MigrationFolder Write(MigrationFolder folder, string content, bool changeEveryOther = false)
    {
        folder.Write("1_log.sql", "CREATE TABLE repeatable_log (name text NOT NULL, content text NOT NULL);\n");
        Directory.CreateDirectory(Path.Combine(folder.Path, "repeatable"));
        for (var i = 1; i <= Count; i++)
        {
            var version = changeEveryOther && i % 2 == 1 ? "v1" : content;
            folder.Write($"repeatable/{Name(i)}", $"CREATE OR REPLACE VIEW view_{i} AS SELECT '{version}'::text AS content;\n"
                + $"INSERT INTO repeatable_log SELECT '{Name(i)}', '{version}' FROM pg_sleep(0.04);\n");
        }
        return folder;
    }

    static async Task<RepeatableState> StateAsync(TestDatabase db)
    {
        if (!await db.ExistsAsync("public.database_migrations") || !await db.ExistsAsync("public.repeatable_log"))
            return new RepeatableState([], []);
        var rows = await db.ScalarAsync<string>(
            "SELECT coalesce(string_agg(substr(version, 12), ',' ORDER BY version), '') FROM database_migrations WHERE success AND version LIKE 'repeatable/%'");
        var applications = await db.ScalarAsync<string>(
            "SELECT coalesce(string_agg(format('%s=%s', name, n), ',' ORDER BY name), '') FROM (SELECT name, count(*) n FROM repeatable_log GROUP BY name) c");
        return new RepeatableState(
            [.. rows.Split(',', StringSplitOptions.RemoveEmptyEntries)],
            applications.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('=')).ToDictionary(a => a[0], a => int.Parse(a[1], CultureInfo.InvariantCulture)));
    }

    sealed record RepeatableState(List<string> Recorded, Dictionary<string, int> Applications)
    {
        /// <summary>A repeatable with a row was applied (logged) the expected number of times; one without was not applied at all.</summary>
        public List<string> Inconsistencies(int expectedApplications, bool complete)
        {
            var problems = new List<string>();
            for (var i = 1; i <= Count; i++)
            {
                var recorded = Recorded.Contains(Name(i));
                var applied = Applications.GetValueOrDefault(Name(i));
                if (recorded ? applied != expectedApplications : applied != 0)
                    problems.Add($"{Name(i)} {(recorded ? "has a row" : "has no row")} and was applied {applied} time(s)");
                if (complete && !recorded)
                    problems.Add($"{Name(i)} was never applied");
            }
            return problems;
        }
    }
}
