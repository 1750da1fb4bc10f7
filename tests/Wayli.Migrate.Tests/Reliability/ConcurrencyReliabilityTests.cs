using System.Diagnostics;
using System.Globalization;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 7, part 1: many replicas starting at once (an initContainer in every pod), round after round on a fresh
/// database: every migration is applied exactly once (history rows, objects and the rows the migrations insert), every
/// process exits 0, and none meets a deadlock or an "already exists".
/// </summary>
[Collection(nameof(ReliabilityProcesses))]
public sealed class ConcurrencyReliabilityTests(PostgresServer server)
{
    const int Migrations = 13;

    [Fact]
    public async Task Many_processes_started_together_apply_each_migration_exactly_once_every_round()
    {
        var processes = ReliabilityReport.Processes;
        var rounds = ReliabilityReport.Rounds;
        using var folder = WriteMigrations(new MigrationFolder());
        var failures = new List<string>();
        var roundTimes = new List<TimeSpan>();
        var exitZero = 0;
        var waited = 0;
        var appliers = new List<int>();
        var cancellationToken = TestContext.Current.CancellationToken;

        for (var round = 1; round <= rounds; round++)
        {
            var db = await server.CreateDatabaseAsync();
            var started = Stopwatch.GetTimestamp();
            var running = Enumerable.Range(0, processes)
                .Select(_ => FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path))
                .ToList();
            var results = new List<CliResult?>();
            foreach (var process in running)
            {
                using (process)
                    results.Add(await process.WaitAsync(TimeSpan.FromMinutes(3), cancellationToken));
            }
            roundTimes.Add(Stopwatch.GetElapsedTime(started));

            var problems = new List<string>();
            foreach (var result in results)
            {
                if (result is null)
                {
                    problems.Add("a process was still running after 3 minutes and was killed");
                    continue;
                }
                ReliabilityChecks.AssertNoSecrets(result, db.Password);
                if (result.ExitCode == ExitCodes.Ok)
                    exitZero++;
                else
                    problems.Add($"exit {result.ExitCode}: {FirstLines(result.Error)}");
                foreach (var forbidden in (string[])["deadlock detected", "already exists", "40P01", "23505"])
                {
                    if (result.All.Contains(forbidden, StringComparison.Ordinal))
                        problems.Add($"output contains '{forbidden}': {FirstLines(result.All)}");
                }
                if (result.Error.Contains("waiting for the migration lock", StringComparison.Ordinal))
                    waited++;
            }
            appliers.Add(results.Count(r => r is not null && r.Output.Contains("applying", StringComparison.Ordinal)));
            if (appliers[^1] != 1)
                problems.Add($"{appliers[^1]} processes applied migrations; exactly one must, the others finding nothing to do");
            problems.AddRange(await CheckExactlyOnceAsync(db));
            if (problems.Count > 0)
                failures.Add($"round {round} ({db.Name}): " + string.Join("; ", problems.Distinct()));
        }

        ReliabilityReport.Record("concurrency: processes started together", rounds, rounds - failures.Count, string.Create(CultureInfo.InvariantCulture,
            $"{processes} {FaultProcess.Kind} processes x {rounds} rounds, {Migrations} migrations (one CREATE INDEX CONCURRENTLY); "
            + $"exit 0: {exitZero}/{processes * rounds}; waited for the lock: {waited}; processes that applied per round: {string.Join('/', appliers.Distinct().Order())}; "
            + $"round time median {ReliabilityReport.Ms(ReliabilityReport.Median(roundTimes))}, max {ReliabilityReport.Ms(roundTimes.Max())}"));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Every migration's effects, checked one by one: its history row (successful), its table, and the single row it
    /// logged. A second application would log twice; a lost one would log nothing.
    /// </summary>
    static async Task<List<string>> CheckExactlyOnceAsync(TestDatabase db)
    {
        var problems = new List<string>();
        var history = await db.HistoryAsync();
        var expected = Enumerable.Range(1, Migrations).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        // History is ordered by the version's text; compare as numbers.
        if (!history.Select(h => h.Version).OrderBy(v => int.Parse(v, CultureInfo.InvariantCulture)).SequenceEqual(expected) || !history.All(h => h.Success))
            problems.Add("history is " + string.Join(',', history.Select(h => $"{h.Version}:{h.Success}")));
        var logged = await db.ScalarAsync<string>(
            "SELECT coalesce(string_agg(format('%s x%s', version, n), ',' ORDER BY version), '') FROM (SELECT version, count(*) n FROM applied_log GROUP BY version) c");
        var wanted = string.Join(',', Enumerable.Range(1, Migrations).Select(i => $"{i} x1"));
        if (logged != wanted)
            problems.Add($"applied_log is {logged}");
        for (var i = 2; i <= 11; i++)
        {
            if (!await db.ExistsAsync($"public.step_{i}"))
                problems.Add($"step_{i} is missing");
        }
        if (!await db.ScalarAsync<bool>("SELECT coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('public.step_2_id')), false)"))
            problems.Add("the concurrent index step_2_id is missing or invalid");
        return problems;
    }

    static MigrationFolder WriteMigrations(MigrationFolder folder)
    {
        folder.Write("1_log.sql", "CREATE TABLE applied_log (version int NOT NULL);\nINSERT INTO applied_log VALUES (1);\n");
        for (var i = 2; i <= 11; i++)
        {
            // Not idempotent, and slow enough that the runs overlap: a second application would fail or log twice.
            folder.Write($"{i}_step.sql", $"CREATE TABLE step_{i} (id int);\nINSERT INTO step_{i} SELECT 1 FROM pg_sleep(0.01);\nINSERT INTO applied_log VALUES ({i});\n");
        }
        // Run outside a transaction while the others wait for the lock: the deadlock the design warns about would show here.
        folder.Write("12_index.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS step_2_id ON step_2 (id);\nINSERT INTO applied_log VALUES (12);\n");
        folder.Write("13_after.sql", "CREATE TABLE after_index (id int);\nINSERT INTO applied_log VALUES (13);\n");
        return folder;
    }

    static string FirstLines(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(4));
}
