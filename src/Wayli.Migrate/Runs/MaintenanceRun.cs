using Npgsql;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// The verbs that edit the history without running migrations (<c>baseline</c>, <c>repair</c>, <c>adopt</c>), under
/// the migration lock: the pure <see cref="MaintenancePlanner"/> turns the history into a plan of edits, which are
/// made in one transaction (installing the infrastructure first if needed), or only reported for a dry run.
/// </summary>
internal static class MaintenanceRun
{
    /// <summary>Decides from the files and the history (and, for adopt, the other tool's table) what to change.</summary>
    public delegate Task<MaintenancePlan> Decide(MigrationSet set, IReadOnlyList<AppliedMigration> rows,
        NpgsqlConnection connection, CancellationToken cancellationToken);

    /// <summary>Runs a maintenance verb.</summary>
    /// <param name="run">The run's configuration.</param>
    /// <param name="decide">The decision.</param>
    /// <param name="apply">False for a dry run that only says what would change.</param>
    /// <param name="recordedBy">The command, noted in each written row (for example <c>baseline</c>).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<MaintenanceResult> RunAsync(RunContext run, Decide decide, bool apply, string recordedBy,
        CancellationToken cancellationToken)
    {
        _ = run.Connection;
        var set = await run.LoadValidAsync(lexNow: true, cancellationToken);
        await using var connections = await run.LockAsync(cancellationToken);
        if (apply)
            await InfrastructureInstaller.EnsureAsync(run, connections.Work, cancellationToken);
        var shape = await run.History.InspectAsync(connections.Work, cancellationToken);
        run.RefuseIncompatible(shape);
        var rows = shape == HistoryShape.Missing ? [] : await run.History.ReadAsync(connections.Work, shape, cancellationToken);
        RecordedChecksums.Read(set.Migrations, rows);
        var plan = await decide(set, rows, connections.Work, cancellationToken);
        var write = apply && !plan.IsRefused && plan.Changes.Count > 0;
        if (write)
            await run.History.ApplyChangesAsync(connections.Work, plan.Changes, recordedBy, cancellationToken);
        return new MaintenanceResult(apply && !plan.IsRefused, plan.Changes, plan.Refusals, plan.Notes);
    }
}
