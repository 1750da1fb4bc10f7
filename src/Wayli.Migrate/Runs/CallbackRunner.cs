using Wayli.Migrate.Execution;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// Runs a set's callbacks (<c>callbacks/*.sql</c>) around a <c>migrate</c> run, each as a migration is run (in a
/// transaction of its own unless it must run outside one) but without a history row. Under
/// <c>--single-transaction</c> they run inside the run's one transaction instead.
/// </summary>
/// <param name="run">The run's configuration.</param>
/// <param name="session">The locked working session.</param>
/// <param name="set">The migrations and their callbacks.</param>
/// <param name="inOpenTransaction">True when the run holds one transaction open for everything.</param>
internal sealed class CallbackRunner(RunContext run, MigrationSession session, MigrationSet set, bool inOpenTransaction = false)
{
    readonly MigrationSession _unrecorded = session with { History = null };

    /// <summary>The callbacks that ran, in order.</summary>
    public List<CallbackRun> Ran { get; } = [];

    /// <summary>True when the set has a callback for <paramref name="callbackEvent"/>.</summary>
    public bool Has(CallbackEvent callbackEvent) => set.CallbacksFor(callbackEvent).Any();

    /// <summary>Every callback of the set, for the checks <c>--single-transaction</c> makes.</summary>
    public IReadOnlyList<Migration> All => set.Callbacks;

    /// <summary>Runs the callbacks of an event in name order; returns the first failure, which stops them.</summary>
    /// <param name="callbackEvent">The event.</param>
    /// <param name="after">For <c>afterEachMigrate</c>, the migration just applied.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<CallbackFailure?> RunAsync(CallbackEvent callbackEvent, Migration? after, CancellationToken cancellationToken)
    {
        foreach (var callback in set.CallbacksFor(callbackEvent))
        {
            run.Observer.RunningCallback(callback);
            var started = TimeProvider.System.GetTimestamp();
            var content = callback.ReadContent();
            var error = inOpenTransaction
                ? await OpenTransactionApplier.ApplyAsync(_unrecorded, callback, content, callback.Name.VersionText, cancellationToken)
                : await MigrationApplier.ApplyAsync(_unrecorded, callback, content, callback.Name.VersionText, deferFlush: false, cancellationToken);
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var name = Name(callbackEvent);
            if (error is not null)
            {
                run.Observer.Failed(callback, error);
                return new CallbackFailure(name, callback.FileName, after?.FileName, error);
            }
            run.Observer.CallbackRan(callback, elapsed);
            Ran.Add(new CallbackRun(name, callback.FileName, Math.Round(elapsed.TotalMilliseconds, 1)));
        }
        return null;
    }

    /// <summary>The event as a file name starts with it: <c>beforeMigrate</c>, <c>afterEachMigrate</c>, <c>afterMigrate</c>.</summary>
    public static string Name(CallbackEvent callbackEvent) => callbackEvent switch
    {
        CallbackEvent.BeforeMigrate => "beforeMigrate",
        CallbackEvent.AfterEachMigrate => "afterEachMigrate",
        _ => "afterMigrate",
    };
}
