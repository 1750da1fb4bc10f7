using Npgsql;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Applies one migration atomically: <c>BEGIN</c>, the file's statements exactly as written (one batch command
/// each, so the failing one is known), a session reset, the history row, <c>COMMIT</c> — all in one round trip.
/// </summary>
internal static class TransactionalApplier
{
    const int CommandsBeforeStatements = 1;

    /// <summary>Applies the migration; returns null on success, or the error after rolling back.</summary>
    public static async Task<MigrationError?> ApplyAsync(MigrationSession session, Migration migration, string versionText,
        CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        var statements = MigrationApplier.StatementsToSend(migration);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var statement in statements)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Text));
        MigrationApplier.AddSessionReset(batch, session.Settings);
        if (session.History is not null)
            batch.BatchCommands.Add(session.History.RecordSuccess(migration, versionText));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (PostgresException e)
        {
            await RollbackAsync(connection, cancellationToken);
            var index = ErrorLocator.FailedCommandIndex(batch, e) - CommandsBeforeStatements;
            return index >= 0 && index < statements.Count
                ? ErrorLocator.Describe(migration, statements[index], index + 1, e)
                : ErrorLocator.Describe(migration, null, null, e);
        }
    }

    static async Task RollbackAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // After an error the server has skipped the rest of the batch and the transaction is aborted (or, when
        // COMMIT itself failed, already over, and ROLLBACK only warns).
        await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
        await rollback.ExecuteNonQueryAsync(cancellationToken);
    }
}
