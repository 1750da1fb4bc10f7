using Wayli.Migrate.Execution;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Runs;

/// <summary><c>plan</c>: a dry run with no lock that says what <c>migrate</c> would do and, when asked, the exact SQL it would send.</summary>
internal static class PlanRun
{
    public static async Task<PlanResult> RunAsync(RunContext run, bool withSql, CancellationToken cancellationToken)
    {
        _ = run.Connection;
        var set = await run.LoadValidAsync(lexNow: true, cancellationToken);
        var status = await StatusRun.ReadAsync(run, set, cancellationToken);
        var plan = status.Plan;
        var toApply = plan.IsBlocked ? [] : plan.ToApply.ToList();
        if (run.Options.SingleTransaction)
            SingleTransactionApply.RefuseOutsideTransaction(toApply.Select(e => e.Migration!), set.Callbacks, run.Names);
        var steps = toApply.Select((entry, i) =>
        {
            var migration = entry.Migration!;
            var sql = withSql
                ? ExecutionPreview.Render(migration, migration.ReadContent(), entry.VersionText, run.Table, run.Session, isLast: i == toApply.Count - 1)
                : null;
            var inTransaction = migration.Transaction.Mode == TransactionMode.Transactional;
            return new PlannedStep(entry.VersionText, migration.FileName, inTransaction, inTransaction ? null : migration.Transaction.Reason, sql);
        }).ToList();
        var install = withSql ? ExecutionPreview.Bootstrap(status.History, run.Table) : null;
        var beyond = plan.Entries.Count(e => e.BeyondTarget && e.Migration is not null && e.Applied is null);
        var callbacks = toApply.Count > 0 || run.Options.AlwaysRunCallbacks
            ? set.Callbacks.Where(c => c.Name.Event != Sources.CallbackEvent.AfterEachMigrate || toApply.Count > 0).Select(c => c.FileName).ToList()
            : [];
        return new PlanResult(status.Database, status.HistoryTable, status.History, install, steps, beyond, plan)
        {
            SingleTransaction = run.Options.SingleTransaction && toApply.Count > 0,
            Callbacks = callbacks,
        };
    }
}
