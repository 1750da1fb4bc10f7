using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Replay;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>test</c>: proves a set of migrations is intact, secure and safe to run again. It checks the files, then (with a
/// target) the target's infrastructure and history, then applies every migration twice on a scratch replay. It
/// changes nothing on the target.
/// </summary>
internal static class TestRun
{
    /// <summary>Runs every check; <paramref name="onResult"/> hears each migration's verdict as it comes.</summary>
    public static async Task<TestReport> RunAsync(RunContext run, Action<string>? onNote, Action<IdempotencyResult>? onResult,
        CancellationToken cancellationToken)
    {
        var set = await run.Source.LoadAsync(lexNow: true, cancellationToken);
        var findings = set.Problems.Select(p => new TestFinding("file.problem", true, p.File, p.Line, p.Column, p.Message)).ToList();
        StatusResult? status = null;
        if (run.OptionalConnection is not null)
            status = await CheckTargetAsync(run, set, findings, cancellationToken);
        if (!set.IsValid)
        {
            findings.Add(new TestFinding("idempotency.not-checked", true, null, null, null, "the idempotency proof did not run: fix the file problems first"));
            return new TestReport(findings, [], status, null);
        }
        var settings = await run.ReplaySettingsAsync(cancellationToken);
        var replay = await ScratchReplay.StartAsync(settings, cancellationToken);
        onNote?.Invoke($"proving idempotency in {replay.Description} (dropped afterwards)");
        IReadOnlyList<IdempotencyResult> results = [];
        try
        {
            // Repeatable migrations are applied after every versioned one, as migrate applies them; they too must be safe to run again.
            results = await IdempotencyProof.RunAsync(replay, [.. set.Migrations, .. set.Repeatables], run.Fingerprint, onResult, cancellationToken);
        }
        finally
        {
            foreach (var note in await replay.EndAsync())
                findings.Add(new TestFinding("scratch.cleanup", note.Failed, null, null, null, note.Message));
        }
        findings.AddRange(ToFindings(results, run.Names));
        return new TestReport(findings, results, status, replay.Description);
    }

    static async Task<StatusResult> CheckTargetAsync(RunContext run, MigrationSet set, List<TestFinding> findings, CancellationToken cancellationToken)
    {
        await using (var connection = await run.ConnectAsync(waitForDatabase: true, cancellationToken))
            findings.AddRange(await InfrastructureAudit.AuditAsync(connection, run.Table, cancellationToken));
        var status = await StatusRun.ReadAsync(run, set, cancellationToken);
        var errors = ValidationRules.Errors(status.Plan).ToDictionary(e => e.VersionText, StringComparer.Ordinal);
        foreach (var entry in status.Plan.Entries)
        {
            if (HistoryFinding(entry, status.Plan, errors) is { } finding)
                findings.Add(finding);
        }
        return status;
    }

    static TestFinding? HistoryFinding(PlanEntry entry, MigrationPlan plan, Dictionary<string, PlanError> errors)
    {
        var file = entry.Migration?.Path;
        var failing = errors.ContainsKey(entry.VersionText);
        var message = plan.Findings.FirstOrDefault(f => f.VersionText == entry.VersionText)?.Message;
        return entry.State switch
        {
            MigrationState.Drifted => new TestFinding("history.drift", failing, file, null, null, message!),
            MigrationState.Missing => new TestFinding("history.missing-file", failing, null, null, null, message!),
            MigrationState.OutOfOrder => new TestFinding("history.out-of-order", failing, file, null, null, message!),
            MigrationState.Failed => new TestFinding("history.failed", failing, file, null, null,
                $"its last attempt failed: {entry.Applied?.ErrorMessage?.Split('\n')[0]}"),
            MigrationState.Pending => new TestFinding("history.pending", failing, file, null, null, "pending: migrate will apply it"),
            _ => null,
        };
    }

    static IEnumerable<TestFinding> ToFindings(IReadOnlyList<IdempotencyResult> results, OptionNames names)
    {
        string? firstFailure = null;
        foreach (var result in results)
        {
            var finding = result.Outcome switch
            {
                IdempotencyOutcome.FailsOnRerun => Located("idempotency.fails-on-rerun", result.Error!, "fails when run a second time"),
                IdempotencyOutcome.FailsOnFirstApply when result.Error!.Fix is { } fix => Located("idempotency.fails-on-first-apply", result.Error,
                    $"fails on the scratch database; fix: {fix}"),
                IdempotencyOutcome.FailsOnFirstApply => Located("idempotency.fails-on-first-apply", result.Error!,
                    firstFailure is null
                        ? $"fails on the scratch database (if it needs objects the platform provides, use {names[OptionNames.PrepareFile]} or {names[OptionNames.Supabase]})"
                        : $"fails on the scratch database, where the earlier {firstFailure} also failed (perhaps why)"),
                IdempotencyOutcome.ChangesOnRerun => new TestFinding("idempotency.changes-on-rerun", true, result.Migration.Path, null, null,
                    "running it a second time changes the database:\n" + result.Difference!.Describe(10)),
                _ => null,
            };
            if (result.Outcome == IdempotencyOutcome.FailsOnFirstApply)
                firstFailure ??= result.Migration.FileName;
            if (finding is not null)
                yield return finding;
            if (ReversibilityFinding(result) is { } reversibility)
                yield return reversibility;
        }
    }

    static TestFinding? ReversibilityFinding(IdempotencyResult result) => result.Reversibility switch
    {
        { Outcome: ReversibilityOutcome.DownFails, Error: { } error } => Located("reversibility.down-fails", error, "its down part fails after its up part"),
        { Outcome: ReversibilityOutcome.DownLeavesChanges, Error: { } error } => Located("reversibility.down-leaves-changes", error,
            "after its down part, its up part fails when run again"),
        { Outcome: ReversibilityOutcome.DownLeavesChanges } reversibility => new TestFinding("reversibility.down-leaves-changes", true,
            result.Migration.Path, result.Migration.DownLine, 1,
            "its down part does not restore the database as it was before its up part:\n" + reversibility.Difference!.Describe(10)),
        _ => null,
    };

    static TestFinding Located(string rule, MigrationError error, string what) =>
        new(rule, true, error.File, error.Line, error.Column,
            $"{what}: {(error.SqlState is null ? "" : error.SqlState + ": ")}{error.Message}"
            + (error.StatementNumber is { } n ? $" (statement {n})" : ""));
}
