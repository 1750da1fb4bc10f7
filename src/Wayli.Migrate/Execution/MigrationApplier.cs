using Npgsql;
using Wayli.Migrate.History;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Applies one migration atomically: <c>BEGIN</c>, the file's statements exactly as written (one batch command
/// each, so the failing one is known), a reset of session settings, the history row, <c>COMMIT</c> — all in one
/// round trip. The reset means a file's <c>SET search_path</c> or <c>SET ROLE</c> cannot leak into the history
/// write or the next migration.
/// </summary>
internal static class MigrationApplier
{
    const int CommandsBeforeStatements = 1;

    /// <summary>Applies <paramref name="migration"/>; returns null on success, or the error after rolling back.</summary>
    public static async Task<MigrationError?> ApplyAsync(NpgsqlConnection connection, Migration migration, string versionText,
        HistoryStore history, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        var statements = new List<SqlStatement>(migration.Script.Statements.Count);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var statement in migration.Script.Statements)
        {
            if (statement.IsEmpty)
                continue;
            statements.Add(statement);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Text));
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand("RESET ALL"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("RESET ROLE"));
        batch.BatchCommands.Add(history.RecordSuccess(migration, versionText));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (PostgresException e)
        {
            await RollbackAsync(connection, cancellationToken);
            var index = FailedCommandIndex(batch, e) - CommandsBeforeStatements;
            return index >= 0 && index < statements.Count
                ? Describe(migration, statements[index], index + 1, e)
                : Describe(migration, null, null, e);
        }
    }

    /// <summary>Locates a server error in the file and collects what the server said.</summary>
    /// <param name="migration">The migration that failed.</param>
    /// <param name="statement">The failing statement, or null when the failure was in the history write or COMMIT.</param>
    /// <param name="number">The statement's 1-based number among the file's statements.</param>
    /// <param name="e">The server's error.</param>
    internal static MigrationError Describe(Migration migration, SqlStatement? statement, int? number, PostgresException e)
    {
        SqlLocation? location = statement is null ? null
            : e.Position > 0 ? migration.Script.LocateServerPosition(statement, e.Position)
            : new SqlLocation(statement.Line, statement.Column);
        var message = statement is null ? $"{e.MessageText} (while recording the migration or committing it)" : e.MessageText;
        return new MigrationError(
            migration.Path,
            number,
            location?.Line,
            location?.Column,
            location is { } at ? migration.Script.LineText(at.Line) : null,
            e.SqlState,
            message,
            e.Detail,
            e.Hint,
            e.Where);
    }

    /// <summary>
    /// The position of the command that failed. Npgsql 10 leaves <see cref="NpgsqlException.BatchCommand"/> unset for
    /// batches executed without a reader, so fall back on the first command that never completed: every completed
    /// command has its <see cref="NpgsqlBatchCommand.StatementType"/> set from the server's CommandComplete tag.
    /// </summary>
    internal static int FailedCommandIndex(NpgsqlBatch batch, PostgresException e)
    {
        if (e.BatchCommand is { } known)
            return batch.BatchCommands.IndexOf(known);
        for (var i = 0; i < batch.BatchCommands.Count; i++)
        {
            if (batch.BatchCommands[i].StatementType == StatementType.Unknown)
                return i;
        }
        return -1;
    }

    static async Task RollbackAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // After an error the server has skipped the rest of the batch and the transaction is aborted (or, when
        // COMMIT itself failed, already over, and ROLLBACK only warns).
        await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
        await rollback.ExecuteNonQueryAsync(cancellationToken);
    }
}
