using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.History;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>migrate</c> on one database: read the files while connecting and reading the history; decide "nothing to do"
/// without the lock when that is so; otherwise take the lock, install the infrastructure if needed, read the history
/// again under the lock, and apply each pending migration in order, stopping at the first failure.
/// </summary>
/// <param name="run">The run's configuration.</param>
internal sealed class MigrateRun(RunContext run)
{
    /// <summary>Loads the migrations (lexing only those it will apply) while it connects, then migrates.</summary>
    public async Task<MigrateResult> RunAsync(CancellationToken cancellationToken)
    {
        var loading = run.Source.LoadAsync(lexNow: false, cancellationToken);
        try
        {
            _ = run.Connection;
        }
        catch (Failures.MigrateException)
        {
            // The files' problems come first, as when nothing overlaps.
            RunContext.RefuseProblems(await loading);
            throw;
        }
        // Connecting and reading the history overlap reading the files; nothing is written before both are done.
        using var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probing = HistoryProbe.OpenAsync(run, stopProbe.Token);
        MigrationSet loaded;
        try
        {
            loaded = await loading;
            RunContext.RefuseProblems(loaded);
        }
        catch
        {
            await HistoryProbe.AbandonAsync(probing, stopProbe);
            throw;
        }
        return await RunAsync(loaded, await probing, cancellationToken);
    }

    /// <summary>Migrates a set already loaded and checked, from a probe taken while it was read (null to open one now).</summary>
    /// <param name="set">The migrations, without problems.</param>
    /// <param name="probe">The run's first connection and history; the run takes it over and disposes of it.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<MigrateResult> RunAsync(MigrationSet set, HistoryProbe? probe, CancellationToken cancellationToken)
    {
        using var activity = MigrationTelemetry.Source.StartActivity("wayli-migrate migrate");
        activity?.SetTag("db.system", "postgresql");
        activity?.SetTag("db.namespace", run.Connection.Database);
        activity?.SetTag("wayli_migrate.history_table", run.Table.ToString());
        await using var first = probe ?? await HistoryProbe.OpenAsync(run, cancellationToken);
        // The plan of what was committed when the run began (none when the history table is missing or outdated).
        var early = first.Rows is null ? null : run.MakePlan(set, first.Rows);
        if (early is null)
            RunContext.Lex(set, [.. set.Migrations, .. set.Repeatables]);
        if (run.Options.SingleTransaction)
            SingleTransactionApply.RefuseOutsideTransaction(early?.ToApply.Select(e => e.Migration!) ?? [.. set.Migrations, .. set.Repeatables], set.Callbacks, run.Names);
        if (NothingToDo(early, set) is { } upToDate)
        {
            run.Observer.Planned(upToDate);
            return Result(upToDate, [], null, bootstrapped: false);
        }
        // There is work: the probe's connection becomes the lock's.
        var spare = first.TakeConnection();
        Task<NpgsqlConnection> Connect(bool wait)
        {
            if (spare is not { } reused)
                return run.ConnectAsync(wait, cancellationToken);
            spare = null;
            return Task.FromResult(reused);
        }
        await using var connections = await run.LockAsync(Connect, first.ProcessId, cancellationToken);
        var (session, history) = await StartSessionAsync(connections, readRows: early is not null, cancellationToken);
        var before = await InfrastructureInstaller.EnsureAsync(run, session.Connection, history.Shape, cancellationToken);
        // Read under the lock: whatever another migrator applied before we got it is seen here. The table is current now.
        var rows = before == HistoryShape.Current && history.Rows is { } read
            ? read
            : await run.History.ReadAsync(session.Connection, HistoryShape.Current, cancellationToken);
        var plan = run.MakePlan(set, rows);
        run.Observer.Planned(plan);
        var bootstrapped = before != HistoryShape.Current;
        if (plan.IsBlocked)
            return Result(plan, [], null, bootstrapped);
        await RecordSquashesAsync(session, plan, cancellationToken);
        var steps = new MigrateSteps(run, session, set);
        var (applied, failure) = await steps.RunAsync(plan.ToApply.ToList(), cancellationToken);
        return Result(plan, applied, failure, bootstrapped) with { Callbacks = steps.Callbacks, CallbackFailed = steps.CallbackFailed };
    }

    /// <summary>
    /// A squashed file whose versions this database applied one by one is recorded once, under the lock: the row of
    /// its version gets the squashed file's checksums, so later runs see it applied as it is.
    /// </summary>
    async Task RecordSquashesAsync(MigrationSession session, MigrationPlan plan, CancellationToken cancellationToken)
    {
        var changes = plan.Entries.Where(e => e.RecordSquash).Select(e => new HistoryChange(HistoryChangeKind.RealignChecksum, e.VersionText, e.Description,
            e.Migration, "the database applied every migration it squashes")).ToList();
        if (changes.Count > 0)
            await run.History.ApplyChangesAsync(session.Connection, changes, "migrate (squash)", cancellationToken);
    }

    /// <summary>
    /// Prepares the locked working session in one round trip: its settings, whether PL/pgSQL can mark each migration's
    /// progress, the history table's shape and, when the probe found the table current, its rows.
    /// </summary>
    async Task<(MigrationSession Session, HistoryRead History)> StartSessionAsync(LockedConnections connections, bool readRows,
        CancellationToken cancellationToken)
    {
        var batch = new QueryBatch(connections.Work);
        foreach (var command in run.Session.Commands)
            batch.Add(command);
        var markers = false;
        batch.AddFlag(new NpgsqlBatchCommand(ProgressMarker.AvailableSql), available => markers = available);
        var history = run.History.AddTo(batch, readRows);
        await batch.RunAsync(cancellationToken);
        return (new MigrationSession(connections.Work, run.History, run.Session, markers, connections.WorkProcessId), history);
    }

    MigrateResult Result(MigrationPlan plan, IReadOnlyList<AppliedStep> applied, MigrationFailure? failure, bool bootstrapped) =>
        new(run.Connection.Display, run.Table.ToString(), bootstrapped, applied, failure, plan.After(WrittenRows(applied, failure)), plan);

    /// <summary>The history rows the run wrote, as it wrote them (times as the client measured them).</summary>
    static IEnumerable<AppliedMigration> WrittenRows(IReadOnlyList<AppliedStep> applied, MigrationFailure? failure)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var step in applied)
        {
            yield return new AppliedMigration(step.Version, step.Migration.Description, step.Migration.Checksum, now,
                (int)step.Elapsed.TotalMilliseconds, null, true, null, ToolVersion.Current, "migrate");
        }
        if (failure is not null)
        {
            yield return new AppliedMigration(failure.Version, failure.Migration.Description, failure.Migration.Checksum, now, null,
                failure.Error.ToString(), false, null, ToolVersion.Current, "migrate");
        }
    }

    /// <summary>
    /// Most deploys find nothing to do, and that is decided from the probe's plan, without the lock and without
    /// writing: history rows appear only when a migration commits, so when every file is applied in what was committed,
    /// no other migrator can make one pending. Anything else (work, drift, an old or missing table, callbacks to run
    /// every time) takes the locked path.
    /// </summary>
    MigrationPlan? NothingToDo(MigrationPlan? early, MigrationSet set) =>
        run.Options.CreateRoles || (run.Options.AlwaysRunCallbacks && set.Callbacks.Count > 0) || early is null || early.IsBlocked || early.ToApply.Any()
            || early.Entries.Any(e => e.RecordSquash)
            ? null
            : early;
}
