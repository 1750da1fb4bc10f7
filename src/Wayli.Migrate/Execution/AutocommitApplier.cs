using Npgsql;
using NpgsqlTypes;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Applies a migration that cannot run in one transaction: each statement on its own, with autocommit, in order.
/// A failure leaves the statements before it applied, so the error says how far the file got; a later run starts
/// the file from the top again (migrations are meant to be idempotent).
/// </summary>
internal static class AutocommitApplier
{
    /// <summary>Applies the migration; returns null on success, or the located error.</summary>
    public static async Task<MigrationError?> ApplyAsync(MigrationSession session, Migration migration, MigrationContent content,
        string versionText, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        var started = TimeProvider.System.GetTimestamp();
        var statements = content.StatementsToSend.ToList();
        var own = new OwnTransactions();
        for (var i = 0; i < statements.Count; i++)
        {
            var error = await RunStatementAsync(connection, migration, content.Script, statements, i, own, session.Observer, cancellationToken);
            if (error is not null)
                return error;
            own.Completed(statements[i]);
        }
        if (await LeftTransactionOpenAsync(connection, cancellationToken))
        {
            return new MigrationError(migration.Path, null, null, null, null, null,
                "the file left a transaction open (BEGIN without COMMIT); it was rolled back",
                null, "end every BEGIN in the file with COMMIT", null, Progress(own, statements.Count, migration));
        }
        var elapsed = (int)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        MigrationApplier.AddSessionReset(batch, session.Settings);
        if (session.History is not null)
            batch.BatchCommands.Add(session.History.RecordSuccess(migration, versionText, elapsed));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return null;
    }

    static async Task<MigrationError?> RunStatementAsync(NpgsqlConnection connection, Migration migration, SqlScript script,
        List<SqlStatement> statements, int index, OwnTransactions own, StatementObserver? observer, CancellationToken cancellationToken)
    {
        var statement = statements[index];
        if (ConcurrentIndex.CreatedName(statement) is { } indexName && await IsInvalidIndexAsync(connection, indexName, cancellationToken))
            return InvalidIndex(migration, script, statement, index, statements.Count, indexName, own);
        try
        {
            // A batch of one, not a command: Npgsql splits a command's text at semicolons (breaking BEGIN ATOMIC
            // bodies) unless SQL rewriting is off, which a library cannot count on.
            async Task SendAsync()
            {
                await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
                batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Text));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            if (observer is null)
                await SendAsync();
            else
                await observer(new ObservedStatement(connection, statement, index + 1, InTransaction: false), SendAsync);
            return null;
        }
        catch (PostgresException e) when (!ErrorLocator.EndsSession(e))
        {
            // A statement failing inside a transaction the file opened itself leaves that transaction aborted.
            if (connection.FullState == System.Data.ConnectionState.Open)
                await LeftTransactionOpenAsync(connection, cancellationToken);
            return ErrorLocator.Describe(migration, script, statement, index + 1, e, Progress(own, statements.Count, migration));
        }
    }

    static string Progress(OwnTransactions own, int total, Migration migration) =>
        $"this file runs outside a transaction ({migration.Transaction.Reason}); {own.Describe(total)}; "
        + (migration.Direction == MigrationDirection.Down
            ? "the next down runs its down part again from the top, so it must be safe to repeat"
            : "the next migrate runs the file again from the top, so it must be safe to repeat");

    /// <summary>
    /// True (after rolling it back) when a transaction is still open. <c>SAVEPOINT</c> is the probe: PostgreSQL
    /// accepts it only inside a transaction block, and refuses it in an aborted one.
    /// </summary>
    static async Task<bool> LeftTransactionOpenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = new NpgsqlCommand("SAVEPOINT wayli_migrate_probe", connection);
            await probe.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.NoActiveSqlTransaction)
        {
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InFailedSqlTransaction)
        {
            // Aborted by the statement that failed: fall through to roll it back.
        }
        await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
        await rollback.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    static async Task<bool> IsInvalidIndexAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass($1) AND NOT indisvalid)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    static MigrationError InvalidIndex(Migration migration, SqlScript script, SqlStatement statement, int index, int total, string name,
        OwnTransactions own) =>
        new(migration.Path, index + 1, statement.Line, statement.Column, script.LineText(statement.Line), null,
            $"index {name} already exists but is INVALID: an earlier CREATE INDEX CONCURRENTLY of it failed or was interrupted",
            null,
            $"drop it (DROP INDEX CONCURRENTLY {name};) and run migrate again; IF NOT EXISTS would skip the invalid index and leave it unusable",
            null,
            Progress(own, total, migration));
}
