using System.Diagnostics;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Linting;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>plan --rehearse</c>: what will each pending migration do to the production tables? Replays the applied
/// migrations on a scratch database (as <c>drift</c> does, and says how the target differs from it), then applies each
/// pending migration there exactly as <c>migrate</c> would, watching every statement from inside its transaction
/// (<see cref="StatementProbe"/>): locks, rewrites, full scans, index builds, objects changed. The target is only read.
/// </summary>
internal static class RehearseRun
{
    /// <summary>The lint rules that guess at locks and rewrites, which the rehearsal confirms or corrects.</summary>
    static readonly HashSet<string> LockRules = new(["WM201", "WM202", "WM203", "WM204", "WM205"], StringComparer.Ordinal);

    public static async Task<RehearsalResult> RunAsync(RunContext run, Action<string>? onNote, CancellationToken cancellationToken)
    {
        _ = run.Connection;
        var set = await run.LoadValidAsync(lexNow: true, cancellationToken);
        var fingerprint = AppliedReplay.Fingerprint(run.Options);
        var target = await TargetReader.ReadAsync(run, fingerprint, statistics: true, cancellationToken);
        var plan = run.MakePlan(set, target.Rows);
        var refusals = plan.Findings.Where(f => f.Blocking).Select(f => f.Message).ToList();
        var notes = new List<string>();
        var pending = plan.IsBlocked ? [] : plan.ToApply.Select(e => e.Migration!).ToList();
        if (run.Options.SingleTransaction && pending.Count > 1)
            notes.Add($"with {run.Names[OptionNames.SingleTransaction]} migrate holds every lock below until the last migration commits; each was rehearsed in its own transaction");
        if (set.Callbacks.Count > 0)
            notes.Add("callbacks (callbacks/*.sql) are not rehearsed");
        await using var replay = await AppliedReplay.StartAsync(run, plan, target, onNote, cancellationToken);
        var lint = Linter.Lint(set).Where(f => LockRules.Contains(f.RuleId)).ToLookup(f => f.File, StringComparer.Ordinal);
        var rehearsed = new List<RehearsedMigration>();
        var schema = await replay.Replay.FingerprintAsync(fingerprint, cancellationToken);
        foreach (var migration in pending)
        {
            onNote?.Invoke($"rehearsing {migration.FileName}");
            var probe = new StatementProbe(replay.Replay, target.Statistics, run.Names[OptionNames.StatementLockTimeout], cancellationToken);
            var clock = Stopwatch.StartNew();
            var error = await replay.Replay.ApplyAsync(migration, migration.ReadContent(), probe.ObserveAsync, cancellationToken);
            var elapsed = Math.Round(clock.Elapsed.TotalMilliseconds, 2);
            var after = await replay.Replay.FingerprintAsync(fingerprint, cancellationToken);
            rehearsed.Add(new RehearsedMigration(migration.Name.VersionText, migration.FileName, migration.Transaction.Mode == Sql.TransactionMode.Transactional,
                probe.Statements.Count == 0 ? RiskLevel.None : probe.Statements.Max(s => s.Risk), elapsed, probe.Statements,
                RehearsedObject.Of(schema.CompareTo(after)), Check(lint[migration.Path], probe.Statements), error));
            schema = after;
            if (error is not null)
                break;
        }
        var cleanup = await replay.EndAsync();
        return new RehearsalResult(run.Connection.Display, target.ServerMajorVersion, replay.Replay.Description, replay.Replayed, replay.Differences,
            rehearsed, refusals, [.. replay.Notes, .. notes, .. cleanup.Select(n => n.Message)]);
    }

    /// <summary>Each lint warning on the file, confirmed or corrected by what the statement it was found in did.</summary>
    static List<LintCheck> Check(IEnumerable<LintFinding> findings, IReadOnlyList<RehearsedStatement> statements) =>
        [.. findings.Select(finding =>
        {
            var statement = statements.LastOrDefault(s => s.Line <= finding.Line);
            if (statement is null)
                return new LintCheck(finding.RuleId, finding.Line, false, $"{finding.Message} (not rehearsed: the migration stopped before it)");
            var confirmed = finding.RuleId switch
            {
                "WM204" => statement.Rewritten.Count > 0,
                "WM203" or "WM205" => statement.Scanned.Count > 0 || statement.Rewritten.Count > 0,
                "WM201" => statement.Indexes.Any(i => !i.Concurrently),
                _ => statement.Risk >= RiskLevel.Medium,
            };
            var seen = statement.Risks.Count > 0 ? string.Join("; ", statement.Risks.Select(r => r.Text))
                : "it rewrote, scanned and indexed no existing table and took no lock on one that blocks writes";
            return new LintCheck(finding.RuleId, finding.Line, confirmed, $"{finding.Message}. Rehearsal: {(confirmed ? "confirmed" : "not so here")}: {seen}");
        })];
}
