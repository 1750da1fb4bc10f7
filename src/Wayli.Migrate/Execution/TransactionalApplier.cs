using Npgsql;
using Wayli.Migrate.History;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Applies transactional migrations in pipelines: each migration its own transaction (<c>BEGIN</c>, the file's
/// statements exactly as written, one batch command each so the failing one is known, a session reset, the history
/// row, <c>COMMIT</c>), and many migrations sent one after the other in one round trip, with one Sync at the end.
/// When a statement fails, PostgreSQL skips everything up to that Sync: the migrations before the failing one are
/// committed, it is rolled back, and nothing after it ran.
/// </summary>
/// <remarks>
/// A migration that is not the run's last may commit without waiting for its WAL to reach disk
/// (<c>synchronous_commit = off</c>): the migration and its history row still commit or vanish together, and the
/// run's last commit is synchronous, which flushes every earlier one. A server crash in between can only lose a
/// suffix of whole migrations, which the next run applies again.
/// </remarks>
internal static class TransactionalApplier
{
    /// <summary>Applies one migration; returns null on success, or the error after rolling back.</summary>
    public static async Task<MigrationError?> ApplyAsync(MigrationSession session, Migration migration, MigrationContent content,
        string versionText, bool deferFlush, CancellationToken cancellationToken) =>
        session.Observer is { } observer
            ? await ApplyObservedAsync(session, observer, migration, content, versionText, deferFlush, cancellationToken)
            : (await ApplyAsync(session, [new PipelinedMigration(migration, content, versionText, deferFlush)], null, null, cancellationToken)).Error;

    /// <summary>
    /// Sends <paramref name="migrations"/> as one pipeline and reads their outcomes as they arrive. Returns how many
    /// committed and, if one failed, its error (after rolling it back). A lost connection or a cancellation is thrown,
    /// after the listeners have heard of every commit that was read; a cancelled migration is rolled back.
    /// </summary>
    /// <param name="session">The working session.</param>
    /// <param name="migrations">The migrations, in order.</param>
    /// <param name="onStarted">Told the index of each migration as the server starts it.</param>
    /// <param name="onCommitted">Told the index of each migration as its commit is read.</param>
    /// <param name="cancellationToken">Cancels the statement in progress (the server skips the rest).</param>
    public static async Task<PipelineOutcome> ApplyAsync(MigrationSession session, IReadOnlyList<PipelinedMigration> migrations,
        Action<int>? onStarted, Action<int>? onCommitted, CancellationToken cancellationToken)
    {
        if (session.Observer is not null)
            return await ApplyOneByOneAsync(session, migrations, onStarted, onCommitted, cancellationToken);
        var connection = session.Connection;
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        var tracker = new PipelineTracker(batch, onStarted, onCommitted);
        var statements = new List<List<SqlStatement>>(migrations.Count);
        foreach (var item in migrations)
        {
            statements.Add(item.Content.StatementsToSend.ToList());
            tracker.Add(Commands(session.History, session.Settings, item.Migration, statements[^1], item.VersionText, item.DeferFlush,
                session.ProgressMarkers));
        }
        connection.Notice += tracker.OnNotice;
        try
        {
            tracker.Begin();
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.NextResultAsync(cancellationToken))
                {
                }
            }
            tracker.Advance();
            return new PipelineOutcome(tracker.Committed, null);
        }
        catch (PostgresException e) when (!ErrorLocator.EndsSession(e))
        {
            // (An error that ends the session, such as transaction_timeout or pg_terminate_backend, goes to the caller
            // as a lost connection: the server has rolled back.) The driver may have closed the connection even for
            // an ERROR; then there is nothing left to roll back.
            tracker.Advance();
            if (connection.FullState == System.Data.ConnectionState.Open)
                await RollbackAsync(connection, cancellationToken);
            return new PipelineOutcome(tracker.Committed, Locate(migrations, statements, tracker, ErrorLocator.FailedCommandIndex(batch, e), e,
                session.ProgressMarkers));
        }
        catch (OperationCanceledException)
        {
            tracker.Advance();
            // Leave the session clean for what the run does on its way out (its last WAL flush).
            if (connection.FullState == System.Data.ConnectionState.Open)
                await TryRollbackAsync(connection);
            throw;
        }
        catch (NpgsqlException)
        {
            tracker.Advance();
            throw;
        }
        finally
        {
            connection.Notice -= tracker.OnNotice;
            tracker.ThrowIfListenerFailed();
        }
    }

    /// <summary>
    /// Everything sent for the migration, in order: BEGIN, its progress marker, its statements, the session reset, the
    /// history row, COMMIT. <c>plan --sql</c> prints the same list, so what it shows is what is sent.
    /// </summary>
    /// <param name="history">Where the history row goes; null to write none (the idempotency proof's scratch run).</param>
    /// <param name="settings">The session settings restored after the file.</param>
    /// <param name="migration">The migration.</param>
    /// <param name="statements">Its statements to send.</param>
    /// <param name="versionText">The version as written in the file name.</param>
    /// <param name="deferFlush">True to commit without waiting for the WAL flush (set after the session reset, which
    /// would undo it, so that nothing in the file can change it either).</param>
    /// <param name="marker">True to start with a <see cref="ProgressMarker"/>.</param>
    public static List<NpgsqlBatchCommand> Commands(HistoryStore? history, SessionSettings settings, Migration migration,
        IEnumerable<SqlStatement> statements, string versionText, bool deferFlush, bool marker)
    {
        var commands = new List<NpgsqlBatchCommand> { new("BEGIN") };
        if (marker)
            commands.Add(ProgressMarker.Command(versionText));
        commands.AddRange(statements.Select(s => new NpgsqlBatchCommand(s.Text)));
        commands.AddRange(MigrationApplier.SessionReset(settings));
        if (deferFlush)
            commands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
        if (history is not null)
            commands.Add(history.RecordSuccess(migration, versionText));
        commands.Add(new NpgsqlBatchCommand("COMMIT"));
        return commands;
    }

    /// <summary>
    /// The error of the migration that failed (the first that did not commit: the server ran nothing after it), located
    /// in its file when one of the file's statements failed.
    /// </summary>
    static MigrationError Locate(IReadOnlyList<PipelinedMigration> migrations, List<List<SqlStatement>> statements, PipelineTracker tracker,
        int failedCommand, PostgresException e, bool markers)
    {
        var index = tracker.Committed;
        var failed = migrations[index];
        var statement = failedCommand - tracker.FirstCommand(index) - (markers ? 2 : 1);
        return failedCommand >= 0 && statement >= 0 && statement < statements[index].Count
            ? ErrorLocator.Describe(failed.Migration, failed.Content.Script, statements[index][statement], statement + 1, e)
            : ErrorLocator.Describe(failed.Migration, failed.Content.Script, null, null, e);
    }

    /// <summary>A rehearsal watches every statement, so its migrations go one at a time, each observed.</summary>
    static async Task<PipelineOutcome> ApplyOneByOneAsync(MigrationSession session, IReadOnlyList<PipelinedMigration> migrations,
        Action<int>? onStarted, Action<int>? onCommitted, CancellationToken cancellationToken)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            onStarted?.Invoke(i);
            var item = migrations[i];
            if (await ApplyAsync(session, item.Migration, item.Content, item.VersionText, item.DeferFlush, cancellationToken) is { } error)
                return new PipelineOutcome(i, error);
            onCommitted?.Invoke(i);
        }
        return new PipelineOutcome(migrations.Count, null);
    }

    /// <summary>
    /// The same transaction as <c>migrate</c> sends, sent a statement at a time so <paramref name="observer"/> can
    /// look at each one from inside it: <c>BEGIN</c>, each statement through the observer, then the rest of
    /// <see cref="Commands"/> (session reset, history row, <c>COMMIT</c>) in one round trip.
    /// </summary>
    static async Task<MigrationError?> ApplyObservedAsync(MigrationSession session, StatementObserver observer, Migration migration,
        MigrationContent content, string versionText, bool deferFlush, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        var statements = content.StatementsToSend.ToList();
        var tail = Commands(session.History, session.Settings, migration, [], versionText, deferFlush, marker: false).Skip(1);
        await SendAsync(connection, [new NpgsqlBatchCommand("BEGIN")], cancellationToken);
        var index = 0;
        try
        {
            for (; index < statements.Count; index++)
            {
                var statement = statements[index];
                await observer(new ObservedStatement(connection, statement, index + 1, InTransaction: true),
                    () => SendAsync(connection, [new NpgsqlBatchCommand(statement.Text)], cancellationToken));
            }
            await SendAsync(connection, tail, cancellationToken);
            return null;
        }
        catch (PostgresException e) when (!ErrorLocator.EndsSession(e))
        {
            if (connection.FullState == System.Data.ConnectionState.Open)
                await RollbackAsync(connection, cancellationToken);
            return index < statements.Count
                ? ErrorLocator.Describe(migration, content.Script, statements[index], index + 1, e)
                : ErrorLocator.Describe(migration, content.Script, null, null, e);
        }
    }

    static async Task SendAsync(NpgsqlConnection connection, IEnumerable<NpgsqlBatchCommand> commands, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        foreach (var command in commands)
            batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task RollbackAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // After an error the server has skipped the rest of the pipeline and the transaction is aborted (or, when
        // COMMIT itself failed, already over, and ROLLBACK only warns).
        await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
        await rollback.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task TryRollbackAsync(NpgsqlConnection connection)
    {
        try
        {
            await RollbackAsync(connection, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The session is gone, and the server rolled back with it.
        }
    }
}
