using System.Globalization;
using System.Text.RegularExpressions;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 15: the connection cut at many points of one run, through the latency proxy's <c>--cut-after</c> (every
/// connection of the run is cut once its client has sent that many bytes): before the run's pipelines, in the middle
/// of one, between a COMMIT the server carried out and the client hearing of it, and after the last. Each time the
/// history matches the schema, the run says exactly which migrations committed (its progress lines and its count are
/// the history's), and the next run applies the rest, nothing twice. The proxy adds no delay, so what the client sent
/// before the cut reaches the server, which commits it while the client never hears back: the run must find that out.
/// </summary>
public sealed partial class CutConnectionTests(PostgresServer server)
{
    const int Count = 40;
    const int Cuts = 16;

    [Fact]
    public async Task A_connection_cut_anywhere_in_a_run_leaves_history_and_schema_in_agreement_and_the_run_says_what_committed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = WriteSet();
        var total = await WorkingConnectionBytesAsync(folder);
        var failures = new List<string>();
        var (mid, reported, unreachable) = (0, 0, 0);
        for (var cut = 1; cut <= Cuts; cut++)
        {
            var cutAfter = total * cut / Cuts;
            var db = await server.CreateDatabaseAsync();
            CliResult result;
            await using (var proxy = await LatencyProxy.StartAsync(new Uri(db.Url).Port, delayMs: 0, cutAfter: cutAfter))
                result = await Tool.RunAsync("migrate", "--db-url", proxy.Through(db.Url), "--dir", folder.Path);
            ReliabilityChecks.AssertNoSecrets(result, db.Password);
            await ReliabilityChecks.WaitForOtherSessionsToEndAsync(db, TimeSpan.FromMinutes(1), cancellationToken);
            var committed = await CommittedAsync(db);
            var problems = await DisagreementsAsync(db, committed);
            mid += committed.Count is > 0 and < Count ? 1 : 0;
            if (result.ExitCode is not (ExitCodes.Ok or ExitCodes.Connection))
                problems.Add($"exit {result.ExitCode}: {result.Error.Trim()}");
            if (result.ExitCode == ExitCodes.Ok && committed.Count != Count)
                problems.Add($"exit 0 with {committed.Count} of {Count} committed");
            // What the run said committed: its progress lines, and its count after reconnecting.
            var said = OkLine().Matches(result.Output).Select(m => m.Groups[1].Value).ToList();
            if (!said.SequenceEqual(committed.Select(FileName)))
                problems.Add($"the run reported [{string.Join(',', said)}] as committed, the history holds [{string.Join(',', committed)}]");
            if (Shows().Match(result.Error) is { Success: true } shows)
            {
                reported++;
                if (int.Parse(shows.Groups[1].Value, CultureInfo.InvariantCulture) != committed.Count)
                    problems.Add($"the run said {shows.Groups[1].Value} committed, the history holds {committed.Count}: {result.Error.Trim()}");
            }
            unreachable += result.Error.Contains("could not reconnect", StringComparison.Ordinal) ? 1 : 0;

            var next = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
            if (next.ExitCode != ExitCodes.Ok)
                problems.Add($"the next run exited {next.ExitCode}: {next.Error.Trim()}");
            problems.AddRange((await DisagreementsAsync(db, await CommittedAsync(db))).Select(p => "after the next run: " + p));
            if ((await CommittedAsync(db)).Count != Count)
                problems.Add("the next run did not complete the set");
            if (problems.Count > 0)
                failures.Add($"cut after {cutAfter} of {total} bytes ({committed.Count} committed): {string.Join("; ", problems)}");
        }

        ReliabilityReport.Record("connection cut mid-run (latency proxy --cut-after)", Cuts, Cuts - failures.Count,
            $"{Count} migrations in pipelines, {total} bytes on the working connection, cut at {Cuts} points; mid-run: {mid}; "
            + $"committed count given after reconnecting: {reported}; could not reconnect: {unreachable}; failures: {failures.Count}");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        // The cuts prove something only if several land while migrations commit, and the run finds out what did.
        Assert.True(mid >= Cuts / 4, $"only {mid} of {Cuts} cuts landed mid-run");
        Assert.True(reported >= Cuts / 4, $"only {reported} of {Cuts} runs said after reconnecting how many committed");
    }

    /// <summary>The bytes the client sends on the run's busiest connection (the working one), through an uncut proxy.</summary>
    async Task<long> WorkingConnectionBytesAsync(MigrationFolder folder)
    {
        var db = await server.CreateDatabaseAsync();
        await using var proxy = await LatencyProxy.StartAsync(new Uri(db.Url).Port, delayMs: 2);
        var result = await Tool.RunAsync("migrate", "--db-url", proxy.Through(db.Url), "--dir", folder.Path);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return (await proxy.CountsAsync(connections: 2)).Max(c => c.ClientBytes);
    }

    /// <summary>
    /// Each migration creates a table, logs itself in a table without a unique key (a second application shows) and
    /// carries 20 KB of comment, so that the run needs several pipelines and a cut can land inside each.
    /// </summary>
    static MigrationFolder WriteSet()
    {
        var folder = new MigrationFolder();
        folder.Write("01_log.sql", "CREATE TABLE cut_log (n int);\nINSERT INTO cut_log VALUES (1);\n");
        var padding = new string('x', 20_000);
        for (var i = 2; i <= Count; i++)
            folder.Write(FileName($"{i:00}"), $"CREATE TABLE cut_{i} (id int);\nCOMMENT ON TABLE cut_{i} IS '{padding}';\nINSERT INTO cut_log VALUES ({i});\n");
        return folder;
    }

    static string FileName(string version) => version == "01" ? "01_log.sql" : $"{version}_step.sql";

    static async Task<List<string>> CommittedAsync(TestDatabase db) =>
        await db.ExistsAsync("public.database_migrations") ? [.. (await db.HistoryAsync()).Where(h => h.Success).Select(h => h.Version)] : [];

    /// <summary>Where history and schema disagree: a migration recorded but not there, there but not recorded, or applied twice.</summary>
    static async Task<List<string>> DisagreementsAsync(TestDatabase db, List<string> committed)
    {
        var problems = new List<string>();
        var logged = await db.ExistsAsync("public.cut_log")
            ? await db.ScalarAsync<string>("SELECT coalesce(string_agg(format('%s x%s', n, c), ',' ORDER BY n), '') FROM (SELECT n, count(*) c FROM cut_log GROUP BY n) l")
            : "";
        var expected = string.Join(',', committed.Select(v => $"{int.Parse(v, CultureInfo.InvariantCulture)} x1"));
        if (logged != expected)
            problems.Add($"cut_log holds {logged}, the history says {expected}");
        for (var i = 2; i <= Count; i++)
        {
            var recorded = committed.Contains($"{i:00}");
            if (await db.ExistsAsync($"public.cut_{i}") != recorded)
                problems.Add($"cut_{i} {(recorded ? "is missing though recorded" : "exists though not recorded")}");
        }
        return problems;
    }

    [GeneratedRegex(@"applying (\S+) \.\.\. ok", RegexOptions.CultureInvariant)]
    private static partial Regex OkLine();

    [GeneratedRegex(@"the history shows (\d+) migration\(s\) of this run committed", RegexOptions.CultureInvariant)]
    private static partial Regex Shows();
}
