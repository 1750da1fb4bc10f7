using Npgsql;

namespace Wayli.Migrate.Connections;

/// <summary>
/// Makes every commit of the run durable before it ends, when its last commit was not synchronous (the run stopped
/// early, or was cancelled): one transaction that takes a transaction id commits with the session's own
/// <c>synchronous_commit</c>, and that commit's flush covers all WAL written before it.
/// </summary>
internal static class WalFlush
{
    /// <summary>Flushes, or does nothing when the connection is gone (the server then decides what survived).</summary>
    public static async Task TryFlushAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
            return;
        try
        {
            // A transaction without a transaction id writes no commit record and so would flush nothing.
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands = { new("BEGIN"), new("SELECT pg_current_xact_id()"), new("COMMIT") },
            };
            await batch.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection broke: nothing more can be done from here.
        }
    }
}
