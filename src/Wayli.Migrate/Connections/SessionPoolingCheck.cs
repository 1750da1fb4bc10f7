using Npgsql;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Connections;

/// <summary>
/// Refuses URLs that go through a transaction-mode pooler (PgBouncer <c>pool_mode = transaction</c>, Supavisor on
/// port 6543). There a client's statements may each run on a different server session, so the session-level
/// advisory lock that keeps concurrent migrators apart would be taken on a session the migrator does not own.
/// </summary>
/// <remarks>
/// The probe uses the run's two connections. The lock connection reads its backend pid; the other connection then
/// opens a transaction, which a transaction-mode pooler serves from the server session just released (poolers reuse
/// the most recent one); the lock connection reads its pid again. Owning a session, the pid is unchanged. Behind a
/// transaction-mode pooler it changes, or (with a pool of one) the second read cannot be served at all.
/// </remarks>
internal static class SessionPoolingCheck
{
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="FailureKind.ConnectionRejected"/> when the lock connection does not own one server session.</summary>
    public static async Task EnsureSessionOwnedAsync(NpgsqlConnection lockConnection, NpgsqlConnection other, string database,
        CancellationToken cancellationToken)
    {
        var before = await BackendPidAsync(lockConnection, cancellationToken);
        int? after;
        await ExecuteAsync(other, "BEGIN", cancellationToken);
        try
        {
            await BackendPidAsync(other, cancellationToken);
            after = await BackendPidAsync(lockConnection, cancellationToken, ProbeTimeout);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            after = null;
        }
        finally
        {
            if (other.FullState == System.Data.ConnectionState.Open)
                await ExecuteAsync(other, "ROLLBACK", cancellationToken);
        }
        if (after != before)
        {
            throw new MigrateException(FailureKind.ConnectionRejected,
                $"{database} is reached through a connection pooler in transaction mode (PgBouncer pool_mode=transaction, Supavisor port 6543): "
                + "each statement may run in a different server session, so the migration lock cannot hold and two replicas could apply "
                + "the same migration. Use a direct connection (port 5432) or a session-mode pooler URL for migrations.");
        }
    }

    static async Task<int> BackendPidAsync(NpgsqlConnection connection, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        if (timeout is { } limit)
            command.CommandTimeout = (int)limit.TotalSeconds;
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
