using System.Data;
using Npgsql;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Connections;

/// <summary>Runs the tool's own SQL (the infrastructure, history edits) in one transaction and one round trip.</summary>
internal static class ScriptRunner
{
    /// <summary>Runs every statement of <paramref name="sql"/> between BEGIN and COMMIT; rolls back on error and rethrows.</summary>
    public static Task RunInTransactionAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        RunInTransactionAsync(connection, Commands(sql), cancellationToken);

    /// <summary>
    /// As <see cref="RunInTransactionAsync(NpgsqlConnection, string, CancellationToken)"/>, on a session that holds
    /// nothing the caller needs afterwards (no lock, no setting): a transaction that lost a race on the server-wide
    /// catalogs to another session (<see cref="SharedCatalogRace"/>) was rolled back whole, so it is run again, up to
    /// <see cref="SharedCatalogRace.Attempts"/> times in all, on the session reopened when the error closed it (Npgsql
    /// closes a session on an internal error such as "tuple concurrently updated").
    /// </summary>
    public static async Task RunInTransactionRetryingRacesAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (connection.State != ConnectionState.Open)
                {
                    await connection.CloseAsync();
                    await connection.OpenAsync(cancellationToken);
                }
                await RunInTransactionAsync(connection, Commands(sql), cancellationToken);
                return;
            }
            catch (PostgresException e) when (attempt < SharedCatalogRace.Attempts && SharedCatalogRace.IsLost(e))
            {
                await Task.Delay(SharedCatalogRace.PauseAfter(attempt), cancellationToken);
            }
        }
    }

    static IEnumerable<NpgsqlBatchCommand> Commands(string sql) =>
        SqlLexer.Split(sql).Statements.Where(s => !s.IsEmpty).Select(s => new NpgsqlBatchCommand(s.Text));

    /// <summary>Runs <paramref name="commands"/> between BEGIN and COMMIT in one round trip; rolls back on error and rethrows.</summary>
    public static async Task RunInTransactionAsync(NpgsqlConnection connection, IEnumerable<NpgsqlBatchCommand> commands, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var command in commands)
            batch.BatchCommands.Add(command);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException) when (connection.State == ConnectionState.Open)
        {
            // (A session the error closed has nothing to roll back, and a ROLLBACK on it would hide the error.)
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(cancellationToken);
            throw;
        }
    }
}
