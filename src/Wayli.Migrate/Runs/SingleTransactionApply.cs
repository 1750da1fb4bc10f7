using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>migrate --single-transaction</c>: every pending migration (repeatables and callbacks included) in one
/// transaction, so the run commits whole or not at all. A file that must run outside a transaction cannot take part:
/// the run is refused before anything is sent. A failure rolls everything back and records only the failed migration.
/// A run that lost a lock wait or a deadlock is tried again whole, as a single migration would be.
/// </summary>
/// <param name="run">The run's configuration.</param>
/// <param name="session">The locked working session.</param>
/// <param name="set">The migrations and their callbacks.</param>
internal sealed class SingleTransactionApply(RunContext run, MigrationSession session, MigrationSet set)
{
    static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Refuses, naming every such file, when one of <paramref name="toApply"/> or of the callbacks must run outside a
    /// transaction. Nothing has been sent when it throws.
    /// </summary>
    /// <exception cref="MigrateException">A file must run outside a transaction (<see cref="FailureKind.Validation"/>).</exception>
    public static void RefuseOutsideTransaction(IEnumerable<Migration> toApply, IEnumerable<Migration> callbacks, OptionNames names)
    {
        var outside = toApply.Concat(callbacks).Where(m => m.Transaction.Mode == TransactionMode.NonTransactional).ToList();
        if (outside.Count == 0)
            return;
        throw new MigrateException(FailureKind.Validation,
            $"{names[OptionNames.SingleTransaction]} cannot apply every pending migration in one transaction; nothing was applied:\n  "
            + string.Join("\n  ", outside.Select(m => $"{m.Path} must run outside a transaction: {m.Transaction.Reason}"))
            + $"\nApply without {names[OptionNames.SingleTransaction]}, or apply up to the version before it in one transaction first (--target).");
    }

    /// <summary>Applies everything in one transaction; returns what committed (all or nothing) and the failure, if any.</summary>
    /// <exception cref="MigrateException">The connection was lost (<see cref="FailureKind.Connection"/>): the server rolled everything back.</exception>
    public async Task<(IReadOnlyList<AppliedStep> Applied, MigrationFailure? Failure, CallbackFailure? CallbackFailure, IReadOnlyList<CallbackRun> Callbacks)> RunAsync(
        IReadOnlyList<PlanEntry> toApply, CancellationToken cancellationToken)
    {
        RefuseOutsideTransaction(toApply.Select(e => e.Migration!), set.Callbacks, run.Names);
        var delay = FirstRetryPause;
        for (var attempt = 1; ; attempt++)
        {
            var callbacks = new CallbackRunner(run, session, set, inOpenTransaction: true);
            var (applied, failure, callbackFailure) = await AttemptAsync(toApply, callbacks, cancellationToken);
            var retriable = failure?.Error.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected;
            if (!retriable || attempt > run.Options.LockRetries)
            {
                if (failure is not null)
                {
                    failure = await RecordAsync(failure, toApply.Count, cancellationToken);
                    run.Observer.Failed(failure.Migration, failure.Error);
                }
                return (applied, failure, callbackFailure, callbacks.Ran);
            }
            run.Observer.Retrying(failure!.Migration, attempt, delay, failure.Error);
            await Task.Delay(delay, cancellationToken);
            delay *= 2;
        }
    }

    async Task<(IReadOnlyList<AppliedStep>, MigrationFailure?, CallbackFailure?)> AttemptAsync(IReadOnlyList<PlanEntry> toApply, CallbackRunner callbacks,
        CancellationToken cancellationToken)
    {
        var applied = new List<AppliedStep>();
        try
        {
            await ExecuteAsync("BEGIN", cancellationToken);
            if (await callbacks.RunAsync(CallbackEvent.BeforeMigrate, null, cancellationToken) is { } before)
                return await RollBackAsync(null, before, cancellationToken);
            foreach (var entry in toApply)
            {
                var migration = entry.Migration!;
                run.Observer.Applying(migration);
                var started = TimeProvider.System.GetTimestamp();
                if (await OpenTransactionApplier.ApplyAsync(session, migration, migration.ReadContent(), entry.VersionText, cancellationToken) is { } error)
                    return await RollBackAsync(new MigrationFailure(migration, entry.VersionText, error), null, cancellationToken);
                var elapsed = TimeProvider.System.GetElapsedTime(started);
                run.Observer.Applied(migration, elapsed);
                applied.Add(new AppliedStep(migration, entry.VersionText, elapsed));
                if (await callbacks.RunAsync(CallbackEvent.AfterEachMigrate, migration, cancellationToken) is { } afterEach)
                    return await RollBackAsync(null, afterEach, cancellationToken);
            }
            if (await callbacks.RunAsync(CallbackEvent.AfterMigrate, null, cancellationToken) is { } after)
                return await RollBackAsync(null, after, cancellationToken);
            await ExecuteAsync("COMMIT", cancellationToken);
            return (applied, null, null);
        }
        catch (NpgsqlException e) when (e is not PostgresException pg || ErrorLocator.EndsSession(pg))
        {
            throw new MigrateException(FailureKind.Connection, $"lost the connection to {run.Connection.Display} during a {run.Names[OptionNames.SingleTransaction]} run: "
                + $"{DatabaseConnector.Describe(e)}; the server rolled back its one transaction, so none of its {toApply.Count} migration(s) is applied; run migrate again", e);
        }
    }

    async Task<(IReadOnlyList<AppliedStep>, MigrationFailure?, CallbackFailure?)> RollBackAsync(MigrationFailure? failure, CallbackFailure? callback,
        CancellationToken cancellationToken)
    {
        if (session.Connection.FullState == System.Data.ConnectionState.Open)
            await ExecuteAsync("ROLLBACK", cancellationToken);
        return ([], failure, callback);
    }

    /// <summary>Says what the rollback undid, and records the failed migration in a transaction of its own.</summary>
    async Task<MigrationFailure> RecordAsync(MigrationFailure failure, int total, CancellationToken cancellationToken)
    {
        var note = $"{run.Names[OptionNames.SingleTransaction]}: the whole run was rolled back, so none of its {total} migration(s) is applied";
        var error = failure.Error with { Note = failure.Error.Note is null ? note : $"{failure.Error.Note}; {note}" };
        await run.History.RecordFailureAsync(session.Connection, failure.Migration, failure.Version,
            (error with { File = failure.Migration.FileName }).ToString(), 0, cancellationToken);
        return failure with { Error = error };
    }

    async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, session.Connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
