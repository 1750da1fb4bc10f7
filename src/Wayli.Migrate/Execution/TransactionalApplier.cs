using Npgsql;
using Wayli.Migrate.History;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Applies one migration atomically: <c>BEGIN</c>, the file's statements exactly as written (one batch command
/// each, so the failing one is known), a session reset, the history row, <c>COMMIT</c> — all in one round trip.
/// </summary>
/// <remarks>
/// A migration that is not the run's last may commit without waiting for its WAL to reach disk
/// (<c>synchronous_commit = off</c>): the migration and its history row still commit or vanish together, and the
/// run's last commit is synchronous, which flushes every earlier one. A server crash in between can only lose a
/// suffix of whole migrations, which the next run applies again.
/// </remarks>
internal static class TransactionalApplier
{
    const int CommandsBeforeStatements = 1;

    /// <summary>Applies the migration; returns null on success, or the error after rolling back.</summary>
    public static async Task<MigrationError?> ApplyAsync(MigrationSession session, Migration migration, MigrationContent content,
        string versionText, bool deferFlush, CancellationToken cancellationToken)
    {
        if (session.Observer is { } observer)
            return await ApplyObservedAsync(session, observer, migration, content, versionText, deferFlush, cancellationToken);
        var connection = session.Connection;
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        var statements = content.StatementsToSend.ToList();
        foreach (var command in Commands(session.History, session.Settings, migration, statements, versionText, deferFlush))
            batch.BatchCommands.Add(command);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (PostgresException e) when (!ErrorLocator.EndsSession(e))
        {
            // (An error that ends the session, such as transaction_timeout or pg_terminate_backend, goes to the caller
            // as a lost connection: the server has rolled back.) The driver may have closed the connection even for
            // an ERROR; then there is nothing left to roll back.
            if (connection.FullState == System.Data.ConnectionState.Open)
                await RollbackAsync(connection, cancellationToken);
            return ErrorLocator.DescribeBatchFailure(migration, content, statements, batch, CommandsBeforeStatements, e);
        }
    }

    /// <summary>
    /// Everything sent for the migration, in order: BEGIN, its statements, the session reset, the history row, COMMIT.
    /// <c>plan --sql</c> prints the same list, so what it shows is what is sent.
    /// </summary>
    /// <param name="history">Where the history row goes; null to write none (the idempotency proof's scratch run).</param>
    /// <param name="settings">The session settings restored after the file.</param>
    /// <param name="migration">The migration.</param>
    /// <param name="statements">Its statements to send.</param>
    /// <param name="versionText">The version as written in the file name.</param>
    /// <param name="deferFlush">True to commit without waiting for the WAL flush (set after the session reset, which
    /// would undo it, so that nothing in the file can change it either).</param>
    public static List<NpgsqlBatchCommand> Commands(HistoryStore? history, SessionSettings settings, Migration migration,
        IEnumerable<SqlStatement> statements, string versionText, bool deferFlush)
    {
        var commands = new List<NpgsqlBatchCommand> { new("BEGIN") };
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
    /// The same transaction as <see cref="ApplyAsync"/>, sent a statement at a time so <paramref name="observer"/> can
    /// look at each one from inside it: <c>BEGIN</c>, each statement through the observer, then the rest of
    /// <see cref="Commands"/> (session reset, history row, <c>COMMIT</c>) in one round trip.
    /// </summary>
    static async Task<MigrationError?> ApplyObservedAsync(MigrationSession session, StatementObserver observer, Migration migration,
        MigrationContent content, string versionText, bool deferFlush, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        var statements = content.StatementsToSend.ToList();
        var tail = Commands(session.History, session.Settings, migration, [], versionText, deferFlush).Skip(CommandsBeforeStatements);
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
        // After an error the server has skipped the rest of the batch and the transaction is aborted (or, when
        // COMMIT itself failed, already over, and ROLLBACK only warns).
        await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
        await rollback.ExecuteNonQueryAsync(cancellationToken);
    }
}
