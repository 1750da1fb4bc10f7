using Wayli.Migrate.Failures;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Connections;

namespace Wayli.Migrate.Runs;

/// <summary>
/// Applies one set of migrations to many databases (a database per tenant), a few at a time, each under its own
/// lock. One database's failure does not stop the others unless fail-fast is asked for.
/// </summary>
public static class MultiTargetRunner
{
    /// <summary>Runs <c>migrate</c> on every target; the outcomes are in the targets' order.</summary>
    /// <param name="targets">The databases.</param>
    /// <param name="optionsFor">The migrator options for one database (same rules for all).</param>
    /// <param name="set">The migrations, already checked.</param>
    /// <param name="parallel">How many databases at once (at least 1).</param>
    /// <param name="failFast">Start no further database after the first failure.</param>
    /// <param name="onOutcome">Told as each database finishes.</param>
    /// <param name="cancellationToken">Cancels everything.</param>
    public static async Task<IReadOnlyList<TargetOutcome>> MigrateAllAsync(IReadOnlyList<ConnectionSettings> targets,
        Func<ConnectionSettings, MigratorOptions> optionsFor, MigrationSet set, int parallel, bool failFast,
        Action<TargetOutcome>? onOutcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(optionsFor);
        var outcomes = new TargetOutcome[targets.Count];
        using var gate = new SemaphoreSlim(Math.Max(1, parallel));
        var failed = 0;
        var runs = targets.Select(async (target, index) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                outcomes[index] = failFast && Volatile.Read(ref failed) > 0
                    ? new TargetOutcome(target.Display, null, null, Skipped: true)
                    : await MigrateOneAsync(target, optionsFor(target), set, cancellationToken);
                if (!outcomes[index].Succeeded && !outcomes[index].Skipped)
                    Interlocked.Increment(ref failed);
                onOutcome?.Invoke(outcomes[index]);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(runs);
        return outcomes;
    }

    static async Task<TargetOutcome> MigrateOneAsync(ConnectionSettings target, MigratorOptions options, MigrationSet set, CancellationToken cancellationToken)
    {
        try
        {
            return new TargetOutcome(target.Display, await new Migrator(options).MigrateAsync(set, cancellationToken: cancellationToken), null);
        }
        catch (MigrateException e)
        {
            return new TargetOutcome(target.Display, null, e);
        }
    }
}
