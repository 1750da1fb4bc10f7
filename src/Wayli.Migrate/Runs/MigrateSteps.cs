using Wayli.Migrate.Execution;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// What a locked <c>migrate</c> run does once its plan is made: the callbacks around it (<c>beforeMigrate</c> first,
/// <c>afterEachMigrate</c> after each migration, <c>afterMigrate</c> when nothing failed) and the pending migrations,
/// versioned then repeatable, applied one by one (<see cref="ApplyLoop"/>) or all in one transaction
/// (<see cref="SingleTransactionApply"/>). Callbacks run only when there is something to apply, unless
/// <see cref="MigrationOptions.AlwaysRunCallbacks"/> says otherwise.
/// </summary>
/// <param name="run">The run's configuration.</param>
/// <param name="session">The locked working session.</param>
/// <param name="set">The migrations and their callbacks.</param>
internal sealed class MigrateSteps(RunContext run, MigrationSession session, MigrationSet set)
{
    /// <summary>The callbacks that ran, in order.</summary>
    public IReadOnlyList<CallbackRun> Callbacks { get; private set; } = [];

    /// <summary>The callback that failed and stopped the run, if one did.</summary>
    public CallbackFailure? CallbackFailed { get; private set; }

    /// <summary>Applies <paramref name="toApply"/> with the callbacks around it; returns what committed and the failure that stopped the run.</summary>
    public async Task<(IReadOnlyList<AppliedStep> Applied, MigrationFailure? Failure)> RunAsync(IReadOnlyList<PlanEntry> toApply, CancellationToken cancellationToken)
    {
        if (toApply.Count == 0 && !run.Options.AlwaysRunCallbacks)
            return ([], null);
        if (run.Options.SingleTransaction)
        {
            var (committed, failed, callbackFailed, ran) = await new SingleTransactionApply(run, session, set).RunAsync(toApply, cancellationToken);
            (Callbacks, CallbackFailed) = (ran, callbackFailed);
            return (committed, failed);
        }
        var callbacks = new CallbackRunner(run, session, set);
        try
        {
            if ((CallbackFailed = await callbacks.RunAsync(CallbackEvent.BeforeMigrate, null, cancellationToken)) is not null)
                return ([], null);
            var (applied, failure) = await ApplyAsync(toApply, callbacks, cancellationToken);
            if (failure is null && CallbackFailed is null)
                CallbackFailed = await callbacks.RunAsync(CallbackEvent.AfterMigrate, null, cancellationToken);
            return (applied, failure);
        }
        finally
        {
            Callbacks = callbacks.Ran;
        }
    }

    /// <summary>All at once through the loop; or, with <c>afterEachMigrate</c> callbacks, one at a time with the callbacks after each.</summary>
    async Task<(IReadOnlyList<AppliedStep> Applied, MigrationFailure? Failure)> ApplyAsync(IReadOnlyList<PlanEntry> toApply, CallbackRunner callbacks,
        CancellationToken cancellationToken)
    {
        if (!callbacks.Has(CallbackEvent.AfterEachMigrate))
            return await new ApplyLoop(run, session).RunAsync(toApply, cancellationToken);
        var applied = new List<AppliedStep>();
        foreach (var entry in toApply)
        {
            // A loop of its own for each migration: a loop goes through its list once (it pipelines what comes next).
            var (step, failure) = await new ApplyLoop(run, session).RunAsync([entry], cancellationToken);
            applied.AddRange(step);
            if (failure is not null)
                return (applied, failure);
            if ((CallbackFailed = await callbacks.RunAsync(CallbackEvent.AfterEachMigrate, entry.Migration, cancellationToken)) is not null)
                return (applied, null);
        }
        return (applied, null);
    }
}
