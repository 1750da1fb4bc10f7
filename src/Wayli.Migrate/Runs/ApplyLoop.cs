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
/// Applies a plan's pending migrations in order on the locked working session: consecutive transactional migrations
/// in pipelines (many migrations per round trip, each its own transaction), a file that runs outside a transaction on
/// its own. Lock and deadlock failures are retried, a failure is recorded in history and stops the run, a lost
/// connection is recorded on a new one after finding out what committed. Every commit but the last skips the wait for
/// its WAL flush; the last flushes all.
/// </summary>
/// <param name="run">The run's configuration.</param>
/// <param name="session">The locked working session.</param>
internal sealed class ApplyLoop(RunContext run, MigrationSession session)
{
    /// <summary>
    /// How much SQL text a pipeline holds at most (the files' and the tool's own commands'), so that memory stays flat
    /// however many migrations a run applies; a larger file goes alone. A pipeline costs one round trip.
    /// </summary>
    internal const int PipelineText = 256 * 1024;

    static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan LongestRetryPause = TimeSpan.FromSeconds(10);

    readonly List<AppliedStep> _applied = [];
    readonly PipelineCollections _collections = new();
    bool _unflushed;

    // A migration read for a pipeline it did not fit in, kept for the next one.
    PipelinedMigration? _readAhead;

    /// <summary>Applies <paramref name="toApply"/>; returns what committed and the failure that stopped the run, if any.</summary>
    /// <exception cref="MigrateException">The connection was lost (<see cref="FailureKind.Connection"/>), or a file changed under the run.</exception>
    public async Task<(IReadOnlyList<AppliedStep> Applied, MigrationFailure? Failure)> RunAsync(IReadOnlyList<PlanEntry> toApply,
        CancellationToken cancellationToken)
    {
        try
        {
            // Migrations are applied in order and the run stops at the first failure, so the next one is always the
            // one after those applied.
            while (_applied.Count < toApply.Count)
            {
                var next = toApply[_applied.Count];
                var pipelined = next.Migration!.Transaction.Mode == TransactionMode.Transactional;
                var (failure, text) = pipelined
                    ? await ApplyPipelineAsync(toApply, cancellationToken)
                    : (await ApplyAloneAsync(next, cancellationToken), 0);
                if (failure is not null)
                    return (_applied, failure);
                // Never after the last pipeline: the run ends there.
                if (pipelined && _applied.Count < toApply.Count)
                    _collections.PipelineDone(text, PipelineCollections.Full);
            }
            return (_applied, null);
        }
        finally
        {
            // Every commit but the run's last skips the wait for its WAL flush; when the run stopped before its last,
            // one small transaction flushes them.
            if (_unflushed)
                await WalFlush.TryFlushAsync(session.Connection);
        }
    }

    /// <summary>
    /// Applies the next transactional migrations as one pipeline, trying again from a migration that lost a lock wait
    /// (55P03, under <c>lock_timeout</c>) or a deadlock (40P01): it was rolled back whole, so trying again is safe.
    /// Returns the failure, if any, and the pipeline's text as its budget counts it.
    /// </summary>
    async Task<(MigrationFailure? Failure, long Text)> ApplyPipelineAsync(IReadOnlyList<PlanEntry> toApply, CancellationToken cancellationToken)
    {
        var pipeline = ReadPipeline(toApply);
        var large = pipeline.Any(p => p.Content.IsLarge);
        var text = pipeline.Sum(p => (long)Budgeted(p));
        try
        {
            var (retried, attempt, delay) = ((Migration?)null, 0, FirstRetryPause);
            while (true)
            {
                var started = new long[pipeline.Count];
                var outcome = await SendAsync(toApply, pipeline, started, cancellationToken);
                if (outcome.Error is not { } error)
                    return (null, text);
                var failed = pipeline[outcome.Committed];
                pipeline = pipeline.Skip(outcome.Committed).ToList();
                if (!ReferenceEquals(failed.Migration, retried))
                    (retried, attempt, delay) = (failed.Migration, 1, FirstRetryPause);
                if (error.SqlState is not (PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected) || attempt > run.Options.LockRetries)
                    return (await FailAsync(toApply[_applied.Count], error, TimeProvider.System.GetElapsedTime(started[outcome.Committed]), cancellationToken), text);
                run.Observer.Retrying(failed.Migration, attempt, delay, error);
                await Task.Delay(delay, cancellationToken);
                (attempt, delay) = (attempt + 1, TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryPause.Ticks)));
            }
        }
        finally
        {
            pipeline = [];
            if (large)
                Migration.CollectLargeObjects();
        }
    }

    /// <summary>
    /// Reads the consecutive transactional migrations that come next, up to <see cref="PipelineText"/> of SQL (at
    /// least one), each checked against its checksum. A file read but left out waits for the next pipeline.
    /// </summary>
    List<PipelinedMigration> ReadPipeline(IReadOnlyList<PlanEntry> toApply)
    {
        var pipeline = new List<PipelinedMigration>();
        var size = 0;
        for (var index = _applied.Count; index < toApply.Count; index++)
        {
            var entry = toApply[index];
            if (entry.Migration!.Transaction.Mode != TransactionMode.Transactional)
                break;
            if ((_readAhead ?? Read(entry, DeferFlush(toApply, index), first: pipeline.Count == 0)) is not { } item)
                break;
            _readAhead = null;
            size += Budgeted(item);
            if (pipeline.Count > 0 && (size > PipelineText || item.Content.IsLarge))
            {
                _readAhead = item;
                break;
            }
            pipeline.Add(item);
            if (item.Content.IsLarge)
                break;
        }
        return pipeline;
    }

    /// <summary>
    /// Reads a migration's text for a pipeline. A file that changed or vanished since the run first read it ends the
    /// pipeline before it (null), so that the migrations before it are applied as they would be without pipelines; it
    /// is refused when it comes first.
    /// </summary>
    static PipelinedMigration? Read(PlanEntry entry, bool deferFlush, bool first)
    {
        try
        {
            return new PipelinedMigration(entry.Migration!, entry.Migration!.ReadContent(), entry.VersionText, deferFlush);
        }
        catch (MigrateException) when (!first)
        {
            return null;
        }
    }

    /// <summary>
    /// A migration's share of its pipeline's budget: its text, and the tool's own commands around it (BEGIN, marker,
    /// session reset, history row, COMMIT) counted at about their length, so that a pipeline of many tiny files is
    /// bounded too.
    /// </summary>
    static int Budgeted(PipelinedMigration item) => item.Content.Sql.Length + PerMigrationText;

    const int PerMigrationText = 1024;

    /// <summary>Every commit but the run's last skips the wait for its WAL flush; the last one flushes them all.</summary>
    static bool DeferFlush(IReadOnlyList<PlanEntry> toApply, int index) => index < toApply.Count - 1;

    /// <summary>
    /// Sends one pipeline, reporting each migration as the server starts it and as its commit arrives. A lost
    /// connection is looked into on a new one (<see cref="LostPipeline"/>).
    /// </summary>
    async Task<PipelineOutcome> SendAsync(IReadOnlyList<PlanEntry> toApply, List<PipelinedMigration> pipeline, long[] started,
        CancellationToken cancellationToken)
    {
        var (committed, startedCount) = (0, 0);
        void Started(int index)
        {
            started[index] = TimeProvider.System.GetTimestamp();
            startedCount = index + 1;
            run.Observer.Applying(pipeline[index].Migration);
        }
        void Committed(int index)
        {
            var item = pipeline[index];
            Record(item.Migration, item.VersionText, item.DeferFlush, TimeProvider.System.GetElapsedTime(started[index]));
            committed++;
        }
        try
        {
            return await TransactionalApplier.ApplyAsync(session, pipeline, Started, Committed, cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException pg || ErrorLocator.EndsSession(pg))
        {
            var inDoubt = pipeline.Skip(committed).ToList();
            var endsRun = _applied.Count + inDoubt.Count == toApply.Count;
            var found = await new LostPipeline(run, session).FindCommittedAsync(inDoubt, _applied.Count, e, endsRun);
            for (var index = committed; index < committed + found.Committed; index++)
            {
                // Committed, the history says; the observer hears of it as of any other, though its time is not known.
                if (index >= startedCount)
                    Started(index);
                var item = pipeline[index];
                Record(item.Migration, item.VersionText, item.DeferFlush, TimeProvider.System.GetElapsedTime(started[index]));
            }
            if (found.Failure is { } failure)
                throw failure;
            // Every migration of the run committed; only the news of the last ones was lost.
            return new PipelineOutcome(pipeline.Count, null);
        }
    }

    /// <summary>A migration committed: it is in the result, its span is recorded, and the observer hears of it.</summary>
    void Record(Migration migration, string versionText, bool deferFlush, TimeSpan elapsed)
    {
        _applied.Add(new AppliedStep(migration, versionText, elapsed));
        _unflushed = deferFlush;
        Trace(migration, versionText, elapsed, error: null);
        run.Observer.Applied(migration, elapsed);
    }

    /// <summary>One span per migration, from its start to its commit or failure, a child of the run's span.</summary>
    static void Trace(Migration migration, string versionText, TimeSpan elapsed, MigrationError? error)
    {
        using var activity = MigrationTelemetry.Source.StartActivity(System.Diagnostics.ActivityKind.Internal,
            startTime: DateTimeOffset.UtcNow - elapsed, name: "wayli-migrate apply " + migration.FileName);
        activity?.SetTag("wayli_migrate.version", versionText);
        activity?.SetTag("wayli_migrate.file", migration.FileName);
        activity?.SetTag("wayli_migrate.transaction", migration.Transaction.Mode == TransactionMode.Transactional ? "single" : "none");
        if (error is not null)
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.ToString());
    }

    /// <summary>A migration failed: the failure is recorded in history (the run then stops).</summary>
    async Task<MigrationFailure> FailAsync(PlanEntry entry, MigrationError error, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var migration = entry.Migration!;
        Trace(migration, entry.VersionText, elapsed, error);
        // The history names the file by its name: a path would say where one machine keeps its checkout (a home folder).
        var recorded = (error with { File = migration.FileName }).ToString();
        if (session.Connection.FullState == System.Data.ConnectionState.Open)
            await run.History.RecordFailureAsync(session.Connection, migration, entry.VersionText, recorded, (int)elapsed.TotalMilliseconds, cancellationToken);
        else
            await LostPipeline.RecordAsync(run, migration, entry.VersionText, recorded);
        run.Observer.Failed(migration, error);
        return new MigrationFailure(migration, entry.VersionText, error);
    }

    /// <summary>
    /// Applies a migration that runs outside a transaction, statement by statement, reading its text for it and letting
    /// it go after (a large one is handed back to the system at once). It always commits synchronously.
    /// </summary>
    async Task<MigrationFailure?> ApplyAloneAsync(PlanEntry entry, CancellationToken cancellationToken)
    {
        var migration = entry.Migration!;
        run.Observer.RunningOutsideTransaction(migration, migration.Transaction.Reason!, rerun: entry.State == MigrationState.Failed);
        run.Observer.Applying(migration);
        var started = TimeProvider.System.GetTimestamp();
        MigrationContent? content = migration.ReadContent();
        var large = content.IsLarge;
        MigrationError? error;
        try
        {
            error = await MigrationApplier.ApplyAsync(session, migration, content, entry.VersionText, deferFlush: false, cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException pg || ErrorLocator.EndsSession(pg))
        {
            const string Kept = "; it runs outside a transaction, so the statements before the failure stay applied";
            await LostPipeline.RecordAsync(run, migration, entry.VersionText, LostPipeline.Lost(run, e, migration.FileName) + Kept);
            throw new MigrateException(FailureKind.Connection, LostPipeline.Lost(run, e, migration.Path) + Kept + "; run migrate again to retry it", e);
        }
        finally
        {
            content = null;
            if (large)
                Migration.CollectLargeObjects();
        }
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        if (error is not null)
            return await FailAsync(entry, error, elapsed, cancellationToken);
        Record(migration, entry.VersionText, deferFlush: false, elapsed);
        return null;
    }
}
