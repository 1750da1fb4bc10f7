using Npgsql;
using NpgsqlTypes;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Connections;

/// <summary>
/// Refuses URLs that go through a transaction-mode pooler (PgBouncer <c>pool_mode = transaction</c>, Supavisor on
/// port 6543). There a client's statements may each run on a different server session, so the session-level
/// advisory lock that keeps concurrent migrators apart would be taken on a session the migrator does not own.
/// </summary>
/// <remarks>
/// The check uses the run's two connections and is folded into taking the lock, so it costs no round trip of its own.
/// The lock connection's server process is known (read with the history, or at the start). The other connection then
/// opens a transaction, which a transaction-mode pooler serves from the server session just released (poolers reuse
/// the most recent one). The lock connection then tries the lock only if its server process is still the same: owning
/// a session, it is. Behind a transaction-mode pooler it changes, or (with a pool of one) the query cannot be served
/// at all, and no lock is taken on a session that is not the migrator's.
/// </remarks>
internal static class SessionPoolingCheck
{
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The server process behind a connection.</summary>
    public static async Task<int> BackendPidAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Opens a transaction on <paramref name="other"/>, so that it holds a server session; returns that session's process.</summary>
    public static async Task<int> HoldSessionAsync(NpgsqlConnection other, CancellationToken cancellationToken)
    {
        var batch = new QueryBatch(other);
        var processId = 0;
        batch.Add("BEGIN");
        batch.Add(new NpgsqlBatchCommand("SELECT pg_backend_pid()"), async (reader, token) =>
        {
            await reader.ReadAsync(token);
            processId = reader.GetInt32(0);
        });
        await batch.RunAsync(cancellationToken);
        return processId;
    }

    /// <summary>
    /// While the other connection holds a session (<see cref="HoldSessionAsync"/>), tries the advisory lock
    /// <paramref name="key"/> on <paramref name="lockConnection"/> if it still has server process <paramref name="processId"/>.
    /// Returns whether the lock was taken.
    /// </summary>
    /// <exception cref="MigrateException">The lock connection does not own one server session (<see cref="FailureKind.ConnectionRejected"/>).</exception>
    public static async Task<bool> TryLockIfOwnedAsync(NpgsqlConnection lockConnection, int processId, long key, string database,
        CancellationToken cancellationToken)
    {
        var batch = new QueryBatch(lockConnection) { Timeout = (int)ProbeTimeout.TotalSeconds };
        var command = new NpgsqlBatchCommand("SELECT pg_backend_pid() = $1, CASE WHEN pg_backend_pid() = $1 THEN pg_try_advisory_lock($2) END");
        command.Parameters.Add(new NpgsqlParameter { Value = processId, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Bigint });
        var (owned, locked) = (false, false);
        batch.Add(command, async (reader, token) =>
        {
            await reader.ReadAsync(token);
            owned = reader.GetBoolean(0);
            locked = owned && reader.GetBoolean(1);
        });
        try
        {
            await batch.RunAsync(cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            owned = false;
        }
        if (!owned)
        {
            throw new MigrateException(FailureKind.ConnectionRejected,
                $"{database} is reached through a connection pooler in transaction mode (PgBouncer pool_mode=transaction, Supavisor port 6543): "
                + "each statement may run in a different server session, so the migration lock cannot hold and two replicas could apply "
                + "the same migration. Use a direct connection (port 5432) or a session-mode pooler URL for migrations.");
        }
        return locked;
    }
}
