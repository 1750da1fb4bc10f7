using Npgsql;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Infrastructure;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Execution;

namespace Wayli.Migrate.Runs;

/// <summary>
/// Runs the pipeline against one database: lock, infrastructure, history, plan, apply. Each step lives in its own
/// type; this class only puts them in order.
/// </summary>
/// <param name="options">Where the database is and what the run may do.</param>
public sealed class Migrator(MigratorOptions options)
{
    readonly HistoryStore _history = new(options.Table);

    /// <summary>
    /// Applies every pending migration of <paramref name="set"/> in version order, each in its own transaction with
    /// its history row, and stops at the first failure (recorded in history with its error).
    /// </summary>
    /// <exception cref="MigrateException">The set has problems, the database cannot be reached, the lock timed out,
    /// or the infrastructure could not be installed.</exception>
    public Task<MigrateResult> MigrateAsync(MigrationSet set, MigrationObserver? observer = null, CancellationToken cancellationToken = default) =>
        MigrateAsync(set, null, observer, cancellationToken);

    /// <summary>Applies every pending migration, starting from a probe taken while the files were read.</summary>
    /// <param name="set">The migrations.</param>
    /// <param name="probe">The run's first connection and history, from <see cref="ProbeAsync"/>; null to open it now.
    /// The run takes it over and disposes of it.</param>
    /// <param name="observer">Hears about each step.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="MigrateException">The set has problems, the database cannot be reached, the lock timed out,
    /// or the infrastructure could not be installed.</exception>
    public async Task<MigrateResult> MigrateAsync(MigrationSet set, HistoryProbe? probe, MigrationObserver? observer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        observer ??= MigrationObserver.None;
        if (!set.IsValid && probe is not null)
            await probe.DisposeAsync();
        EnsureValid(set);
        using var activity = MigrationTelemetry.Source.StartActivity("wayli-migrate migrate");
        activity?.SetTag("db.system", "postgresql");
        activity?.SetTag("db.namespace", options.Connection.Database);
        activity?.SetTag("wayli_migrate.history_table", options.Table.ToString());
        await using var first = probe ?? await ProbeAsync(observer, cancellationToken);
        // The plan of what was committed when the run began (none when the history table is missing or outdated).
        var early = first.Rows is null ? null : MigrationPlanner.Plan(set.Migrations, first.Rows, options.Plan);
        EnsurePendingSqlValid(set, early);
        if (NothingToDo(early) is { } upToDate)
        {
            observer.Planned(upToDate);
            return new MigrateResult(upToDate, [], null, false);
        }
        // There is work: the probe's connection becomes the lock's.
        var spare = first.TakeConnection();
        Task<NpgsqlConnection> Connect(bool wait)
        {
            if (spare is not { } reused)
                return ConnectAsync(observer, cancellationToken, wait);
            spare = null;
            return Task.FromResult(reused);
        }
        await using var connections = await LockedConnections.OpenAsync(options, Connect, observer, cancellationToken);
        var session = new MigrationSession(connections.Work, _history, Settings);
        await MigrationApplier.ApplySettingsAsync(session.Connection, session.Settings, cancellationToken);
        var bootstrapped = await EnsureInfrastructureAsync(session.Connection, force: false, observer, cancellationToken);
        // Read under the lock: whatever another migrator applied before we got it is seen here. The table is current now.
        var plan = MigrationPlanner.Plan(set.Migrations, await _history.ReadAsync(session.Connection, HistoryShape.Current, cancellationToken), options.Plan);
        observer.Planned(plan);
        if (plan.IsBlocked)
            return new MigrateResult(plan, [], null, bootstrapped);
        var applied = new List<AppliedStep>();
        var toApply = plan.ToApply.ToList();
        var unflushed = false;
        try
        {
            for (var i = 0; i < toApply.Count; i++)
            {
                // Every commit but the run's last skips the wait for its WAL flush; the last one flushes them all.
                var deferFlush = i < toApply.Count - 1;
                var started = TimeProvider.System.GetTimestamp();
                var failure = await ApplyAsync(session, toApply[i], deferFlush, observer, cancellationToken);
                // One migration's text at a time: memory does not grow with the number of files applied.
                toApply[i].Migration!.Release();
                if (failure is not null)
                    return new MigrateResult(plan, applied, failure, bootstrapped);
                unflushed = deferFlush;
                applied.Add(new AppliedStep(toApply[i].Migration!, TimeProvider.System.GetElapsedTime(started)));
            }
            return new MigrateResult(plan, applied, null, bootstrapped);
        }
        finally
        {
            if (unflushed)
                await WalFlush.TryFlushAsync(session.Connection);
        }
    }

    /// <summary>Installs or upgrades the infrastructure under the migration lock, whether or not it looks current.</summary>
    public async Task<HistoryShape> BootstrapAsync(MigrationObserver? observer = null, CancellationToken cancellationToken = default)
    {
        observer ??= MigrationObserver.None;
        await using var connections = await LockedConnections.OpenAsync(options, wait => ConnectAsync(observer, cancellationToken, wait), observer, cancellationToken);
        var before = await _history.InspectAsync(connections.Work, cancellationToken);
        await EnsureInfrastructureAsync(connections.Work, force: true, observer, cancellationToken);
        return before;
    }

    /// <summary>
    /// Runs a maintenance command (baseline, repair, adopt) under the migration lock: <paramref name="decide"/> turns
    /// the history into a plan of edits; with <paramref name="apply"/> they are made in one transaction (installing the
    /// infrastructure first if needed), without it nothing is written.
    /// </summary>
    /// <param name="decide">The pure decision: (history rows, open connection) → changes, refusals, notes.</param>
    /// <param name="apply">False for a dry run that only says what would change.</param>
    /// <param name="recordedBy">The command, noted in each written row (for example <c>baseline</c>).</param>
    /// <param name="observer">Hears about waiting and the infrastructure.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<MaintenancePlan> MaintainAsync(Func<IReadOnlyList<AppliedMigration>, NpgsqlConnection, Task<MaintenancePlan>> decide, bool apply,
        string recordedBy, MigrationObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decide);
        observer ??= MigrationObserver.None;
        await using var connections = await LockedConnections.OpenAsync(options, wait => ConnectAsync(observer, cancellationToken, wait), observer, cancellationToken);
        if (apply)
            await EnsureInfrastructureAsync(connections.Work, force: false, observer, cancellationToken);
        var shape = await _history.InspectAsync(connections.Work, cancellationToken);
        RefuseIncompatible(shape);
        var rows = shape == HistoryShape.Missing ? [] : await _history.ReadAsync(connections.Work, shape, cancellationToken);
        var plan = await decide(rows, connections.Work);
        if (apply && !plan.IsRefused && plan.Changes.Count > 0)
            await _history.ApplyChangesAsync(connections.Work, plan.Changes, recordedBy, cancellationToken);
        return plan;
    }

    /// <summary>Reads where the database stands without taking the lock or writing anything.</summary>
    public async Task<StatusResult> StatusAsync(MigrationSet set, MigrationObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        await using var connection = await ConnectAsync(observer ?? MigrationObserver.None, cancellationToken, waitForDatabase: true);
        var shape = await _history.InspectAsync(connection, cancellationToken);
        RefuseIncompatible(shape);
        var rows = shape == HistoryShape.Missing ? [] : await _history.ReadAsync(connection, shape, cancellationToken);
        return new StatusResult(MigrationPlanner.Plan(set.Migrations, rows, options.Plan), shape);
    }

    /// <summary>
    /// Opens the run's first connection (waiting for the database if asked) and reads the history without the lock.
    /// Start it before reading the files and pass it to <see cref="MigrateAsync(MigrationSet, HistoryProbe?, MigrationObserver?, CancellationToken)"/>: the two then overlap.
    /// </summary>
    /// <exception cref="MigrateException">The database cannot be reached.</exception>
    public async Task<HistoryProbe> ProbeAsync(MigrationObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var connection = await ConnectAsync(observer ?? MigrationObserver.None, cancellationToken, waitForDatabase: true);
        try
        {
            var shape = await _history.InspectAsync(connection, cancellationToken);
            var rows = shape == HistoryShape.Current ? await _history.ReadAsync(connection, shape, cancellationToken) : null;
            return new HistoryProbe(connection, shape, rows);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Lexes every file not applied unchanged in <paramref name="early"/> (every file without it; a set read with
    /// lexing left for later lexes nothing else) and refuses the run, before anything is written, if one has a problem.
    /// </summary>
    static void EnsurePendingSqlValid(MigrationSet set, MigrationPlan? early)
    {
        var toCheck = early is null
            ? set.Migrations
            : early.Entries.Where(e => e.Migration is not null && e.State != MigrationState.Applied).Select(e => e.Migration!);
        EnsureValid(set with { Problems = [.. toCheck.SelectMany(m => m.CheckSql())] });
    }

    /// <summary>
    /// Most deploys find nothing to do, and that is decided from the probe's plan, without the lock and without
    /// writing: history rows appear only when a migration commits, so when every file is applied in what was committed,
    /// no other migrator can make one pending. Anything else (work, drift, an old or missing table) takes the locked path.
    /// </summary>
    MigrationPlan? NothingToDo(MigrationPlan? early) =>
        options.CreateRoles || early is null || early.IsBlocked || early.ToApply.Any() ? null : early;

    SessionSettings Settings => new(options.StatementLockTimeout, options.StatementTimeout);

    /// <summary>
    /// Records a migration whose session the server ended (a FATAL error, a restart) as failed, on a new
    /// connection, so the history says what happened. If that fails too, the row is simply not written: the
    /// migration is still unapplied and the next run retries it.
    /// </summary>
    async Task RecordLostConnectionAsync(Migration migration, string versionText, string message, MigrationObserver observer)
    {
        try
        {
            await using var connection = await ConnectAsync(observer, CancellationToken.None);
            await _history.RecordFailureAsync(connection, migration, versionText, message, 0, CancellationToken.None);
        }
        catch (Exception e) when (e is MigrateException or NpgsqlException)
        {
            // The database is unreachable now; nothing more to record.
        }
    }

    void RefuseIncompatible(HistoryShape shape)
    {
        if (shape == HistoryShape.Incompatible)
        {
            throw new MigrateException(FailureKind.Validation,
                $"{options.Table} exists but is not a migration history Wayli Migrate can use (it needs text columns version, name and checksum, "
                + "and no other required columns); it was left untouched. Name another table with --schema/--table, or rename that one");
        }
    }

    static void EnsureValid(MigrationSet set)
    {
        if (!set.IsValid)
        {
            throw new MigrateException(FailureKind.Validation,
                $"{set.Problems.Count} problem(s) in {set.Location}; nothing was applied:\n" + string.Join('\n', set.Problems));
        }
    }

    /// <summary>Opens a connection. Only a run's first connection waits for the database; the others follow once it is up.</summary>
    Task<NpgsqlConnection> ConnectAsync(MigrationObserver observer, CancellationToken cancellationToken, bool waitForDatabase = false) =>
        DatabaseConnector.OpenAsync(options.Connection, message => ReportNotice(observer, message), cancellationToken,
            waitForDatabase ? options.WaitForDatabase : null, observer.WaitingForDatabase);

    static void ReportNotice(MigrationObserver observer, string message)
    {
        const string Prefix = "wayli-migrate: ";
        // Only the infrastructure's own notices are news; "already exists, skipping" from IF NOT EXISTS is not.
        if (message.StartsWith(Prefix, StringComparison.Ordinal))
            observer.InfrastructureNotice(message[Prefix.Length..]);
    }

    async Task<bool> EnsureInfrastructureAsync(NpgsqlConnection connection, bool force, MigrationObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            if (options.CreateRoles)
                await ScriptRunner.RunInTransactionAsync(connection, InfrastructureScript.CreateRoles, cancellationToken);
            var shape = await _history.InspectAsync(connection, cancellationToken);
            RefuseIncompatible(shape);
            if (shape == HistoryShape.Current && !force)
                return false;
            await ScriptRunner.RunInTransactionAsync(connection, InfrastructureScript.Bootstrap(options.Table), cancellationToken);
            observer.Bootstrapped(shape switch
            {
                HistoryShape.Missing => $"installed the history table {options.Table}, its row-level security and public.exec_sql",
                HistoryShape.NeedsUpgrade => $"upgraded the existing history table {options.Table} in place (rows kept) and secured it",
                _ => $"checked the infrastructure of {options.Table}: up to date",
            });
            return shape != HistoryShape.Current;
        }
        catch (PostgresException e)
        {
            throw new MigrateException(FailureKind.MigrationFailed,
                $"installing the infrastructure ({options.Table}, public.exec_sql) failed: {e.SqlState}: {e.MessageText}"
                + (e.Hint is null ? "" : $" (hint: {e.Hint})"), e);
        }
    }

    /// <summary>
    /// Applies a migration, trying a transactional one again when it lost a lock wait (55P03, under
    /// <c>lock_timeout</c>) or a deadlock (40P01): it was rolled back whole, so trying again is safe.
    /// </summary>
    async Task<MigrationError?> ApplyWithRetriesAsync(MigrationSession session, PlanEntry entry, bool deferFlush, MigrationObserver observer,
        CancellationToken cancellationToken)
    {
        var migration = entry.Migration!;
        var delay = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            var error = await MigrationApplier.ApplyAsync(session, migration, entry.VersionText, deferFlush, cancellationToken);
            var retriable = error?.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected
                && migration.Transaction.Mode == Sql.TransactionMode.Transactional;
            if (!retriable || attempt > options.LockRetries)
                return error;
            observer.Retrying(migration, attempt, delay, error!);
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    async Task<MigrationFailure?> ApplyAsync(MigrationSession session, PlanEntry entry, bool deferFlush, MigrationObserver observer,
        CancellationToken cancellationToken)
    {
        var migration = entry.Migration!;
        using var activity = MigrationTelemetry.Source.StartActivity("wayli-migrate apply " + migration.FileName);
        activity?.SetTag("wayli_migrate.version", entry.VersionText);
        activity?.SetTag("wayli_migrate.file", migration.FileName);
        activity?.SetTag("wayli_migrate.transaction", migration.Transaction.Mode == Sql.TransactionMode.Transactional ? "single" : "none");
        if (migration.Transaction.Mode == Sql.TransactionMode.NonTransactional)
            observer.RunningOutsideTransaction(migration, migration.Transaction.Reason!, rerun: entry.State == MigrationState.Failed);
        observer.Applying(migration);
        var started = TimeProvider.System.GetTimestamp();
        MigrationError? error;
        try
        {
            error = await ApplyWithRetriesAsync(session, entry, deferFlush, observer, cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException pg || ErrorLocator.EndsSession(pg))
        {
            var lost = $"lost the connection to {options.Connection.Display} while applying {migration.Path}: {DatabaseConnector.Describe(e)}; "
                + (migration.Transaction.Mode == Sql.TransactionMode.Transactional
                    ? "the server rolled back its transaction, so it is not applied"
                    : "it runs outside a transaction, so the statements before the failure stay applied");
            await RecordLostConnectionAsync(migration, entry.VersionText, lost, observer);
            throw new MigrateException(FailureKind.Connection, lost + "; run migrate again to retry it", e);
        }
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        if (error is null)
        {
            observer.Applied(migration, elapsed);
            return null;
        }
        activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.ToString());
        if (session.Connection.FullState == System.Data.ConnectionState.Open)
            await _history.RecordFailureAsync(session.Connection, migration, entry.VersionText, error.ToString(), (int)elapsed.TotalMilliseconds, cancellationToken);
        else
            await RecordLostConnectionAsync(migration, entry.VersionText, error.ToString(), observer);
        observer.Failed(migration, error);
        return new MigrationFailure(migration, error);
    }
}
