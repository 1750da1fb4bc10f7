using Npgsql;

namespace Wayli.Migrate.Connections;

/// <summary>
/// Makes every commit of the run durable before it ends, when its last commit was not synchronous (the run stopped
/// early, or was cancelled): one small transaction that commits with the session's own <c>synchronous_commit</c>,
/// whose flush covers all WAL written before it.
/// </summary>
/// <remarks>
/// The transaction must write a WAL record: PostgreSQL commits a transaction that wrote none asynchronously whatever
/// <c>synchronous_commit</c> says, so merely taking a transaction id flushes nothing (measured: the flush position did
/// not move past an earlier asynchronous commit). A transactional logical message is the smallest record any role
/// may write; it goes only to logical decoding clients that ask for messages with this prefix.
/// </remarks>
internal static class WalFlush
{
    /// <summary>The prefix of the logical message the flush writes.</summary>
    public const string MessagePrefix = "wayli-migrate";

    /// <summary>Flushes, or does nothing when the connection is gone (the server then decides what survived).</summary>
    public static async Task TryFlushAsync(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.FullState != System.Data.ConnectionState.Open)
            return;
        try
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new("BEGIN"),
                    new($"SELECT pg_logical_emit_message(true, '{MessagePrefix}', 'flush')"),
                    new("COMMIT"),
                },
            };
            await batch.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (PostgresException)
        {
            // Refused (a server that does not allow the message): leave no aborted transaction behind; the commits
            // are then as durable as the server's own WAL writer makes them.
            await TryRollbackAsync(connection);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection broke: nothing more can be done from here.
        }
    }

    static async Task TryRollbackAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection broke meanwhile.
        }
    }
}
