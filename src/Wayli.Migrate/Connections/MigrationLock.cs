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
    /// <param name="connection">The session to hold it.</param>
    /// <param name="key">The advisory lock's key.</param>
    /// <param name="timeout">How long to wait for it; null waits as long as it takes.</param>
    /// <param name="onWaiting">Told once when the lock is held by another session.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <param name="taken">True when the session has just taken it (in a round trip of other work).</param>
    /// <exception cref="MigrateException">The lock was still held when the time ran out (<see cref="FailureKind.LockTimeout"/>).</exception>
    public static async Task<MigrationLock> AcquireAsync(NpgsqlConnection connection, long key, TimeSpan? timeout,
        Action<string> onWaiting, CancellationToken cancellationToken, bool taken = false)
    {
        if (taken)
            return new MigrationLock(connection, key);
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

    /// <summary>
    /// Ends the transaction open on <paramref name="connection"/> and, when <paramref name="key"/> is given, tries that
    /// lock in the same round trip; returns whether it was taken.
    /// </summary>
    public static async Task<bool> EndTransactionAndTryAsync(NpgsqlConnection connection, long? key, CancellationToken cancellationToken)
    {
        var batch = new QueryBatch(connection);
        var taken = false;
        batch.Add("ROLLBACK");
        if (key is { } value)
        {
            var command = new NpgsqlBatchCommand("SELECT pg_try_advisory_lock($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Bigint });
            batch.AddFlag(command, result => taken = result);
        }
        await batch.RunAsync(cancellationToken);
        return taken;
    }

    static async Task<bool> TryAcquireAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Bigint });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Ends the server session <paramref name="processId"/> if it holds the lock <paramref name="key"/> (a run's own
    /// session, which the run lost touch with), and waits up to <paramref name="wait"/> for it to be gone. Returns
    /// true when no session <paramref name="processId"/> holds the key any more. Holding the key is what makes the
    /// session the run's own: a process id alone may have been given to another session since.
    /// </summary>
    public static async Task<bool> EndSessionAsync(NpgsqlConnection connection, long key, int processId, TimeSpan wait,
        CancellationToken cancellationToken)
    {
        const string Terminate = $"SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l WHERE {HeldByKey} AND l.pid = $2";
        const string StillHeld = $"SELECT EXISTS (SELECT FROM pg_locks l WHERE {HeldByKey} AND l.pid = $2)";
        try
        {
            await QueryAsync(connection, Terminate, key, processId, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // Not allowed to end it (another role's session): wait for it to end by itself.
        }
        var started = TimeProvider.System.GetTimestamp();
        while ((bool)(await QueryAsync(connection, StillHeld, key, processId, cancellationToken))!)
        {
            if (TimeProvider.System.GetElapsedTime(started) >= wait)
                return false;
            await Task.Delay(FirstPause, cancellationToken);
        }
        return true;
    }

    static async Task<object?> QueryAsync(NpgsqlConnection connection, string sql, long key, int processId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = processId, NpgsqlDbType = NpgsqlDbType.Integer });
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    // A bigint advisory key ($1) is stored as classid = high 32 bits, objid = low 32 bits, objsubid = 1. Advisory locks
    // belong to one database: other databases on the server (tenants, parallel test runs) may hold the same key.
    const string HeldByKey = """
        l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = (($1 >> 32) & 4294967295)::bigint::oid AND l.objid = ($1 & 4294967295)::bigint::oid
        """;

    /// <summary>Names the session holding the lock, from pg_locks and pg_stat_activity.</summary>
    static async Task<string> DescribeHolderAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        const string Sql = $"""
            SELECT l.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(a.client_addr::text, 'local'), a.backend_start
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE {HeldByKey}
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
