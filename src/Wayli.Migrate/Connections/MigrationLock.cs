using Npgsql;
using NpgsqlTypes;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Connections;

/// <summary>
/// The cluster-wide migration lock: a session-level advisory lock held on a dedicated connection for the whole
/// run, released when the run ends or, if the process dies, when the server notices the connection is gone.
/// It is taken by polling <c>pg_try_advisory_lock</c> outside any transaction, never by blocking in
/// <c>pg_advisory_lock</c>: a blocked statement holds a snapshot, and a <c>CREATE INDEX CONCURRENTLY</c> run by
/// the holder would wait for that snapshot and deadlock with the waiter.
/// </summary>
internal sealed class MigrationLock : IAsyncDisposable
{
    static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    readonly NpgsqlConnection _connection;
    readonly long _key;

    MigrationLock(NpgsqlConnection connection, long key) => (_connection, _key) = (connection, key);

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> (forever when null).</summary>
    /// <exception cref="MigrateException">The lock was still held when the time ran out (<see cref="FailureKind.LockTimeout"/>).</exception>
    public static async Task<MigrationLock> AcquireAsync(NpgsqlConnection connection, long key, TimeSpan? timeout,
        Action<string> onWaiting, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var pause = FirstPause;
        var reported = false;
        while (!await TryAcquireAsync(connection, key, cancellationToken))
        {
            var holder = await DescribeHolderAsync(connection, key, cancellationToken);
            var waited = TimeProvider.System.GetElapsedTime(started);
            if (timeout is { } limit && waited >= limit)
            {
                throw new MigrateException(FailureKind.LockTimeout,
                    $"gave up waiting for the migration lock after {waited.TotalSeconds:0.#} s; it is held by {holder}");
            }
            if (!reported)
            {
                onWaiting($"waiting for the migration lock, held by {holder} (another migrator is running)");
                reported = true;
            }
            var sleep = timeout is { } max && max - waited < pause ? max - waited : pause;
            await Task.Delay(sleep, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
        return new MigrationLock(connection, key);
    }

    /// <summary>Releases the lock explicitly; closing the connection would release it too.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
            command.Parameters.Add(new NpgsqlParameter { Value = _key, NpgsqlDbType = NpgsqlDbType.Bigint });
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone, and the server released the lock with it.
        }
    }

    static async Task<bool> TryAcquireAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Bigint });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Names the session holding the lock, from pg_locks and pg_stat_activity.</summary>
    static async Task<string> DescribeHolderAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        // A bigint advisory key is stored as classid = high 32 bits, objid = low 32 bits, objsubid = 1. Advisory locks
        // belong to one database: other databases on the server (tenants, parallel test runs) may hold the same key.
        const string Sql = """
            SELECT l.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(a.client_addr::text, 'local'), a.backend_start
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = (($1 >> 32) & 4294967295)::bigint::oid AND l.objid = ($1 & 4294967295)::bigint::oid
            LIMIT 1
            """;
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return "a session that has just released it";
        var since = reader.IsDBNull(3) ? "" : $", connected since {reader.GetFieldValue<DateTimeOffset>(3):u}";
        return $"pid {reader.GetInt32(0)} (application_name {reader.GetString(1)}, from {reader.GetString(2)}{since})";
    }
}
