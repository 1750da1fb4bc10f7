using Wayli.Migrate.Execution;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>Shows a run's progress as lines of text: results on stdout, waiting and notices on stderr.</summary>
/// <param name="context">Where to write.</param>
/// <param name="quiet">True when stdout is reserved for JSON: progress then goes to stderr only.</param>
internal sealed class ConsoleObserver(CliContext context, bool quiet = false) : MigrationObserver
{
    readonly long _started = TimeProvider.System.GetTimestamp();
    int _total;
    int _current;
    Migration? _last;

    TextWriter Progress => quiet ? context.Error : context.Output;

    bool Silent => context.Verbosity == Verbosity.Quiet;

    bool Verbose => context.Verbosity == Verbosity.Verbose;

    public override void Planned(MigrationPlan plan)
    {
        _total = plan.ToApply.Count();
        if (Verbose)
            context.Error.WriteLine($"plan: {_total} to apply, {plan.Count(MigrationState.Applied)} already applied, {plan.Findings.Count} finding(s)");
    }

    public override void WaitingForLock(string message)
    {
        if (!Silent)
            context.Error.WriteLine(message);
    }

    public override void WaitingForDatabase(string message)
    {
        if (!Silent)
            context.Error.WriteLine(message);
    }

    public override void Retrying(Migration migration, int attempt, TimeSpan delay, MigrationError reason)
    {
        if (!Silent)
            Progress.WriteLine(Paint.Yellow(context, $"rolled back ({reason.SqlState})"));
        context.Error.WriteLine($"retrying {migration.FileName} in {delay.TotalSeconds:0.#} s (attempt {attempt + 1}): "
            + $"it was rolled back after {reason.SqlState}: {reason.Message}");
    }

    public override void InfrastructureNotice(string message)
    {
        if (!Silent)
            context.Error.WriteLine($"note: {message}");
    }

    public override void Bootstrapped(string message)
    {
        if (!Silent)
            Progress.WriteLine(message);
    }

    public override void RunningOutsideTransaction(Migration migration, string reason, bool rerun)
    {
        if (Silent)
            return;
        context.Error.WriteLine(rerun
            ? $"note: {migration.FileName} runs outside a transaction ({reason}); its last attempt stopped part-way, so it runs again from the top"
            : $"note: {migration.FileName} runs outside a transaction: {reason}");
    }

    public override void Applying(Migration migration)
    {
        // A retried migration keeps its number.
        if (!ReferenceEquals(migration, _last))
            _current++;
        _last = migration;
        if (!Silent)
            Progress.Write($"[{_current}/{_total}] applying {migration.FileName} ... ");
    }

    public override void Applied(Migration migration, TimeSpan elapsed)
    {
        if (Silent)
            return;
        Progress.WriteLine(context.IsInteractive
            ? $"{Paint.Green(context, "ok")} ({elapsed.TotalMilliseconds:0} ms, {TimeProvider.System.GetElapsedTime(_started).TotalSeconds:0.0} s so far)"
            : $"ok ({elapsed.TotalMilliseconds:0} ms)");
    }

    public override void RunningCallback(Migration callback)
    {
        if (!Silent)
            Progress.Write($"running callback {callback.FileName} ... ");
    }

    public override void CallbackRan(Migration callback, TimeSpan elapsed) => Applied(callback, elapsed);

    public override void Reverting(Migration migration, int number, int total)
    {
        if (!Silent)
            Progress.Write($"[{number}/{total}] reverting {migration.FileName} ... ");
    }

    public override void Reverted(Migration migration, TimeSpan elapsed) => Applied(migration, elapsed);

    public override void Failed(Migration migration, MigrationError failure)
    {
        if (!Silent)
            Progress.WriteLine(Paint.Red(context, "FAILED"));
        ErrorReport.Write(context, failure, migration switch
        {
            { Kind: MigrationKind.Callback } => "The callback failed and stopped the run; the migrations applied before it stay applied.",
            { Direction: MigrationDirection.Down } when failure.Note is null =>
                "The revert was rolled back: the migration is still applied. Fix its down part and run down again.",
            { Direction: MigrationDirection.Down } => "Its down part stopped part-way: fix it and run down again, which starts the down part from the top.",
            _ => null,
        });
    }
}
