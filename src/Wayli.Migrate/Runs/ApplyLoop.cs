using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Runs;

/// <summary>
/// Applies a plan's pending migrations in order on the locked working session: each one's text read for it and let
/// go after, lock and deadlock failures retried, a failure recorded in history and the run stopped, a lost
/// connection recorded on a new one. Every commit but the last skips the wait for its WAL flush; the last flushes all.
/// </summary>
/// <param name="run">The run's configuration.</param>
/// <param name="session">The locked working session.</param>
internal sealed class ApplyLoop(RunContext run, MigrationSession session)
{
    static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan LongestRetryPause = TimeSpan.FromSeconds(10);

    /// <summary>Applies <paramref name="toApply"/>; returns what committed and the failure that stopped the run, if any.</summary>
    /// <exception cref="MigrateException">The connection was lost (<see cref="FailureKind.Connection"/>), or a file changed under the run.</exception>
    public async Task<(IReadOnlyList<AppliedStep> Applied, MigrationFailure? Failure)> RunAsync(IReadOnlyList<PlanEntry> toApply,
        CancellationToken cancellationToken)
    {
        var applied = new List<AppliedStep>();
        var unflushed = false;
        try
        {
            for (var i = 0; i < toApply.Count; i++)
            {
                // Every commit but the run's last skips the wait for its WAL flush; the last one flushes them all.
                var deferFlush = i < toApply.Count - 1;
                var started = TimeProvider.System.GetTimestamp();
                var failure = await ApplyAsync(toApply[i], deferFlush, cancellationToken);
                if (failure is not null)
                    return (applied, failure);
                unflushed = deferFlush;
                applied.Add(new AppliedStep(toApply[i].Migration!, toApply[i].VersionText, TimeProvider.System.GetElapsedTime(started)));
            }
            return (applied, null);
        }
        finally
        {
            if (unflushed)
                await WalFlush.TryFlushAsync(session.Connection);
        }
    }

    async Task<MigrationFailure?> ApplyAsync(PlanEntry entry, bool deferFlush, CancellationToken cancellationToken)
    {
        var migration = entry.Migration!;
        using var activity = MigrationTelemetry.Source.StartActivity("wayli-migrate apply " + migration.FileName);
        activity?.SetTag("wayli_migrate.version", entry.VersionText);
        activity?.SetTag("wayli_migrate.file", migration.FileName);
        activity?.SetTag("wayli_migrate.transaction", migration.Transaction.Mode == TransactionMode.Transactional ? "single" : "none");
        if (migration.Transaction.Mode == TransactionMode.NonTransactional)
            run.Observer.RunningOutsideTransaction(migration, migration.Transaction.Reason!, rerun: entry.State == MigrationState.Failed);
        run.Observer.Applying(migration);
        var started = TimeProvider.System.GetTimestamp();
        var error = await ApplyOnceReadAsync(entry, deferFlush, cancellationToken);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        if (error is null)
        {
            run.Observer.Applied(migration, elapsed);
            return null;
        }
        activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.ToString());
        // The history names the file by its name: a path would say where one machine keeps its checkout (a home folder).
        var recorded = (error with { File = migration.FileName }).ToString();
        if (session.Connection.FullState == System.Data.ConnectionState.Open)
            await run.History.RecordFailureAsync(session.Connection, migration, entry.VersionText, recorded, (int)elapsed.TotalMilliseconds, cancellationToken);
        else
            await RecordLostConnectionAsync(migration, entry.VersionText, recorded);
        run.Observer.Failed(migration, error);
        return new MigrationFailure(migration, entry.VersionText, error);
    }

    /// <summary>
    /// Reads the migration's text once for all its attempts and lets it go afterwards, so a run holds one migration's
    /// text at a time; a large one is handed back to the system at once.
    /// </summary>
    async Task<MigrationError?> ApplyOnceReadAsync(PlanEntry entry, bool deferFlush, CancellationToken cancellationToken)
    {
        var migration = entry.Migration!;
        MigrationContent? content = migration.ReadContent();
        var large = content.IsLarge;
        try
        {
            return await ApplyWithRetriesAsync(entry, content, deferFlush, cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException pg || ErrorLocator.EndsSession(pg))
        {
            string Lost(string file) => $"lost the connection to {run.Connection.Display} while applying {file}: {DatabaseConnector.Describe(e)}; "
                + (migration.Transaction.Mode == TransactionMode.Transactional
                    ? "the server rolled back its transaction, so it is not applied"
                    : "it runs outside a transaction, so the statements before the failure stay applied");
            await RecordLostConnectionAsync(migration, entry.VersionText, Lost(migration.FileName));
            throw new MigrateException(FailureKind.Connection, Lost(migration.Path) + "; run migrate again to retry it", e);
        }
        finally
        {
            content = null;
            if (large)
                Migration.CollectLargeObjects();
        }
    }

    /// <summary>
    /// Applies a migration, trying a transactional one again when it lost a lock wait (55P03, under
    /// <c>lock_timeout</c>) or a deadlock (40P01): it was rolled back whole, so trying again is safe.
    /// </summary>
    async Task<MigrationError?> ApplyWithRetriesAsync(PlanEntry entry, MigrationContent content, bool deferFlush, CancellationToken cancellationToken)
    {
        var migration = entry.Migration!;
        var delay = FirstRetryPause;
        for (var attempt = 1; ; attempt++)
        {
            var error = await MigrationApplier.ApplyAsync(session, migration, content, entry.VersionText, deferFlush, cancellationToken);
            var retriable = error?.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected
                && migration.Transaction.Mode == TransactionMode.Transactional;
            if (!retriable || attempt > run.Options.LockRetries)
                return error;
            run.Observer.Retrying(migration, attempt, delay, error!);
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryPause.Ticks));
        }
    }

    /// <summary>
    /// Records a migration whose session the server ended (a FATAL error, a restart) as failed, on a new
    /// connection, so the history says what happened. If that fails too, the row is simply not written: the
    /// migration is still unapplied and the next run retries it.
    /// </summary>
    async Task RecordLostConnectionAsync(Migration migration, string versionText, string message)
    {
        try
        {
            await using var connection = await run.ConnectAsync(waitForDatabase: false, CancellationToken.None);
            await run.History.RecordFailureAsync(connection, migration, versionText, message, 0, CancellationToken.None);
        }
        catch (Exception e) when (e is MigrateException or NpgsqlException)
        {
            // The database is unreachable now; nothing more to record.
        }
    }
}
