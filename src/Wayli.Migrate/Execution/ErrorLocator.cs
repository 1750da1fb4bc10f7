using Npgsql;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>Turns a server error into a <see cref="MigrationError"/> located in the migration file.</summary>
internal static class ErrorLocator
{
    /// <summary>
    /// True when the error ended the session (FATAL, PANIC: a terminated backend, transaction_timeout, a shutdown),
    /// as opposed to an ERROR that fails only the statement. Only the first is a lost connection.
    /// </summary>
    public static bool EndsSession(PostgresException e) =>
        e.Severity is "FATAL" or "PANIC" || e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("57P", StringComparison.Ordinal);

    /// <summary>Locates a server error in the file and collects what the server said.</summary>
    /// <param name="migration">The migration that failed.</param>
    /// <param name="script">Its statements, as sent.</param>
    /// <param name="statement">The failing statement, or null when the failure was in the history write or COMMIT.</param>
    /// <param name="number">The statement's 1-based number among the file's statements.</param>
    /// <param name="e">The server's error.</param>
    /// <param name="note">What the failure means for the database, if more than a rollback.</param>
    public static MigrationError Describe(Migration migration, SqlScript script, SqlStatement? statement, int? number, PostgresException e, string? note = null) =>
        Describe(migration.Path, script, statement, number, e, note);

    /// <summary>Locates a server error in any SQL file the tool runs (a migration, a seed) and collects what the server said.</summary>
    public static MigrationError Describe(string file, SqlScript script, SqlStatement? statement, int? number, PostgresException e, string? note = null)
    {
        SqlLocation? location = statement is null ? null
            : e.Position > 0 ? script.LocateServerPosition(statement, e.Position)
            : new SqlLocation(statement.Line, statement.Column);
        var message = statement is null ? $"{e.MessageText} (while recording the migration or committing it)" : e.MessageText;
        return new MigrationError(
            file,
            number,
            location?.Line,
            location?.Column,
            location is { } at ? script.LineText(at.Line) : null,
            e.SqlState,
            message,
            e.Detail,
            e.Hint,
            e.Where,
            note,
            Fix(e));
    }

    /// <summary>What to change in the file for errors whose cause the tool knows.</summary>
    static string? Fix(PostgresException e) => e.SqlState switch
    {
        // A COMMIT or ROLLBACK reached inside the runner's transaction: in a procedure the file calls, or in a function.
        PostgresErrorCodes.InvalidTransactionTermination =>
            "the file commits or rolls back inside the transaction it runs in (a CALL of a procedure that COMMITs?): "
            + "put '-- migrate:no-transaction' at its top, so it runs statement by statement",
        _ => null,
    };

    /// <summary>
    /// The position of the command that failed. Npgsql 10 leaves <see cref="NpgsqlException.BatchCommand"/> unset for
    /// batches executed without a reader, so fall back on the first command that never completed: every completed
    /// command has its <see cref="NpgsqlBatchCommand.StatementType"/> set from the server's CommandComplete tag.
    /// </summary>
    public static int FailedCommandIndex(NpgsqlBatch batch, PostgresException e)
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

    /// <summary>
    /// The error of a batch that sent <paramref name="statements"/> after <paramref name="commandsBefore"/> other
    /// commands: located at the failing statement, or at the file when a command around the statements failed.
    /// </summary>
    public static MigrationError DescribeBatchFailure(Migration migration, MigrationContent content, IReadOnlyList<SqlStatement> statements,
        NpgsqlBatch batch, int commandsBefore, PostgresException e)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(statements);
        var index = FailedCommandIndex(batch, e) - commandsBefore;
        return index >= 0 && index < statements.Count
            ? Describe(migration, content.Script, statements[index], index + 1, e)
            : Describe(migration, content.Script, null, null, e);
    }
}
