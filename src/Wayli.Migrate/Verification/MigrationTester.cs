using Wayli.Migrate.Execution;
using Wayli.Migrate.Infrastructure;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Replay;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Verification;

/// <summary>
/// <c>test</c>: proves a set of migrations is intact, secure and safe to run again. It checks the files, then (with a
/// target) the target's infrastructure and history, then applies every migration twice on a scratch database it
/// creates and drops itself. It changes nothing on the target.
/// </summary>
/// <param name="options">What to check and where.</param>
public sealed class MigrationTester(TestOptions options)
{
    /// <summary>Runs every check; <paramref name="onResult"/> hears each migration's verdict as it comes.</summary>
    public async Task<TestReport> TestAsync(MigrationSet set, Action<string>? onNote = null, Action<IdempotencyResult>? onResult = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        var findings = set.Problems.Select(p => new TestFinding("file.problem", true, p.File, p.Line, p.Column, p.Message)).ToList();
        StatusResult? status = null;
        if (options.Target is not null)
        {
            status = await CheckTargetAsync(set, findings, cancellationToken);
        }
        if (!set.IsValid)
        {
            findings.Add(new TestFinding("idempotency.not-checked", true, null, null, null, "the idempotency proof did not run: fix the file problems first"));
            return new TestReport(findings, [], status, null);
        }
        var scratch = await ScratchDatabase.CreateAsync(options.ScratchServer, options.Target, cancellationToken);
        onNote?.Invoke($"proving idempotency in {scratch.Description} (database {scratch.Name}, dropped afterwards)");
        IReadOnlyList<IdempotencyResult> results = [];
        try
        {
            results = await ProveAsync(scratch, set, onResult, cancellationToken);
        }
        finally
        {
            if (await scratch.DropAsync() is { } problem)
                findings.Add(new TestFinding("scratch.not-dropped", false, null, null, null, problem));
        }
        findings.AddRange(results.Select(ToFinding).OfType<TestFinding>());
        return new TestReport(findings, results, status, scratch.Description);
    }

    async Task<StatusResult> CheckTargetAsync(MigrationSet set, List<TestFinding> findings, CancellationToken cancellationToken)
    {
        await using (var connection = await DatabaseConnector.OpenAsync(options.Target!, null, cancellationToken, options.WaitForDatabase))
            findings.AddRange(await InfrastructureAudit.AuditAsync(connection, options.Table, cancellationToken));
        var migrator = new Migrator(new MigratorOptions(options.Target!, options.Table, options.Plan));
        var status = await migrator.StatusAsync(set, cancellationToken: cancellationToken);
        foreach (var entry in status.Plan.Entries)
        {
            if (HistoryFinding(entry, status.Plan) is { } finding)
                findings.Add(finding);
        }
        return status;
    }

    static TestFinding? HistoryFinding(PlanEntry entry, MigrationPlan plan)
    {
        var file = entry.Migration?.Path;
        var message = plan.Findings.FirstOrDefault(f => f.VersionText == entry.VersionText)?.Message;
        return entry.State switch
        {
            MigrationState.Drifted => new TestFinding("history.drift", true, file, null, null, message!),
            MigrationState.Missing => new TestFinding("history.missing-file", true, null, null, null, message!),
            MigrationState.OutOfOrder => new TestFinding("history.out-of-order",
                plan.Findings.Any(f => f.VersionText == entry.VersionText && f.Blocking), file, null, null, message!),
            MigrationState.Failed => new TestFinding("history.failed", true, file, null, null,
                $"its last attempt failed: {entry.Applied?.ErrorMessage?.Split('\n')[0]}"),
            MigrationState.Pending => new TestFinding("history.pending", false, file, null, null, "pending: migrate will apply it"),
            _ => null,
        };
    }

    async Task<IReadOnlyList<IdempotencyResult>> ProveAsync(ScratchDatabase scratch, MigrationSet set, Action<IdempotencyResult>? onResult,
        CancellationToken cancellationToken)
    {
        await using (var preparing = await DatabaseConnector.OpenAsync(scratch.Settings, null, cancellationToken))
        {
            if (options.Supabase)
                await ScriptRunner.RunInTransactionAsync(preparing, InfrastructureScript.SupabaseEnvironment, cancellationToken);
            if (options.PrepareSql is { } prepare)
                await ScriptRunner.RunInTransactionAsync(preparing, prepare, cancellationToken);
        }
        // A new session, so database-level settings the preparation made (such as search_path) are in force.
        await using var connection = await DatabaseConnector.OpenAsync(scratch.Settings, null, cancellationToken);
        return await IdempotencyProof.RunAsync(connection, set.Migrations, options.Fingerprint ?? FingerprintOptions.Default, onResult, cancellationToken);
    }

    static TestFinding? ToFinding(IdempotencyResult result) => result.Outcome switch
    {
        IdempotencyOutcome.FailsOnRerun => Located("idempotency.fails-on-rerun", result.Error!, "fails when run a second time"),
        IdempotencyOutcome.FailsOnFirstApply => Located("idempotency.fails-on-first-apply", result.Error!,
            "fails on the scratch database (if it needs objects the platform provides, use --prepare FILE or --supabase)"),
        IdempotencyOutcome.ChangesOnRerun => new TestFinding("idempotency.changes-on-rerun", true, result.Migration.Path, null, null,
            "running it a second time changes the database:\n" + result.Difference!.Describe(10)),
        _ => null,
    };

    static TestFinding Located(string rule, MigrationError error, string what) =>
        new(rule, true, error.File, error.Line, error.Column,
            $"{what}: {(error.SqlState is null ? "" : error.SqlState + ": ")}{error.Message}"
            + (error.StatementNumber is { } n ? $" (statement {n})" : ""));
}
