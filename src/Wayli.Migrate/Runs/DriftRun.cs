using Wayli.Migrate.Failures;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>drift</c>: has someone changed the database by hand? Rebuilds what the applied migrations make on a scratch
/// database and compares it with the target, object by object. The target is only read (see <see cref="TargetReader"/>).
/// </summary>
internal static class DriftRun
{
    public static async Task<DriftResult> RunAsync(RunContext run, Action<string>? onNote, CancellationToken cancellationToken)
    {
        _ = run.Connection;
        var set = await run.LoadValidAsync(lexNow: true, cancellationToken);
        var target = await TargetReader.ReadAsync(run, AppliedReplay.Fingerprint(run.Options), statistics: false, cancellationToken);
        RefuseWithoutHistory(run, target);
        var plan = run.MakePlan(set, target.Rows);
        await using var replay = await AppliedReplay.StartAsync(run, plan, target, onNote, cancellationToken);
        var cleanup = await replay.EndAsync();
        return new DriftResult(run.Connection.Display, target.ServerMajorVersion, replay.Replay.Description, replay.Scope.Schemas, replay.Replayed,
            replay.Differences, [.. replay.Notes, .. cleanup.Select(n => n.Message)]);
    }

    /// <summary>Without a history nothing says what the database should hold: every object would be "added by hand".</summary>
    internal static void RefuseWithoutHistory(RunContext run, TargetState target)
    {
        if (target.History == HistoryShape.Missing)
        {
            throw new MigrateException(FailureKind.Validation,
                $"{run.Connection.Display} has no history table {run.Table}, so nothing says which migrations it should reflect: "
                + $"run migrate (or baseline, for a database whose schema already exists), or name the table with {run.Names[OptionNames.Schema]}/{run.Names[OptionNames.Table]}");
        }
    }
}
