using Npgsql;

namespace Wayli.Migrate.Connections;

/// <summary>
/// The two connections of a locked run: the lock's own (idle but for polling, so it never holds a snapshot that a
/// concurrent index build would wait for) and the one that does the work. The lock is taken only after checking
/// that no transaction-mode pooler stands in between; disposing releases it and closes both.
/// </summary>
internal sealed class LockedConnections : IAsyncDisposable
{
    NpgsqlConnection? _lockConnection;
    MigrationLock? _lock;
    MigrationLock? _workLock;

    LockedConnections()
    {
    }

    /// <summary>The connection that reads history and applies migrations.</summary>
    public NpgsqlConnection Work { get; private set; } = null!;

    /// <summary>The server process behind <see cref="Work"/>.</summary>
    public int WorkProcessId { get; private set; }

    /// <summary>
    /// Opens both connections (the first waiting for the database if asked) and takes the lock, checking on the way
    /// that no transaction-mode pooler stands in between: three round trips when no other migrator holds the lock.
    /// </summary>
    /// <param name="database">The database, named for messages.</param>
    /// <param name="keys">The two lock keys (the lock session's and the working session's).</param>
    /// <param name="lockWait">How long to wait for another migrator's lock; null waits as long as it takes.</param>
    /// <param name="connect">Opens a connection; its argument says whether to wait for the database.</param>
    /// <param name="lockProcessId">The server process of the first connection <paramref name="connect"/> gives, when the
    /// caller knows it already (it read it with the history); null to ask.</param>
    /// <param name="onWaiting">Told when the run waits for the lock.</param>
    /// <param name="cancellationToken">Cancels opening and waiting.</param>
    public static async Task<LockedConnections> OpenAsync(string database, (long Lock, long Work) keys, TimeSpan? lockWait,
        Func<bool, Task<NpgsqlConnection>> connect, int? lockProcessId, Action<string> onWaiting, CancellationToken cancellationToken)
    {
        var connections = new LockedConnections();
        try
        {
            connections._lockConnection = await connect(true);
            var lockProcess = lockProcessId ?? await SessionPoolingCheck.BackendPidAsync(connections._lockConnection, cancellationToken);
            connections.Work = await connect(false);
            connections.WorkProcessId = await SessionPoolingCheck.HoldSessionAsync(connections.Work, cancellationToken);
            var locked = await SessionPoolingCheck.TryLockIfOwnedAsync(connections._lockConnection, lockProcess, keys.Lock, database, cancellationToken);
            // The working session holds a lock of its own: a migrator whose lock session died (or was killed while its
            // pipeline still runs on the server) keeps others out until its working session has finished too. It is
            // only ever tried under the first lock, so two migrators never hold one each.
            var workLocked = await MigrationLock.EndTransactionAndTryAsync(connections.Work, locked ? keys.Work : null, cancellationToken);
            connections._lock = await MigrationLock.AcquireAsync(connections._lockConnection, keys.Lock, lockWait, onWaiting, cancellationToken, locked);
            connections._workLock = await MigrationLock.AcquireAsync(connections.Work, keys.Work, lockWait, onWaiting, cancellationToken, workLocked);
            return connections;
        }
        catch
        {
            await connections.DisposeAsync();
            throw;
        }
    }

    /// <summary>Releases both locks (at once: the order does not matter once the run is over) and closes both connections.</summary>
    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(ReleaseAsync(_workLock, Work), ReleaseAsync(_lock, _lockConnection));

    static async Task ReleaseAsync(MigrationLock? held, NpgsqlConnection? connection)
    {
        if (held is not null)
            await held.DisposeAsync();
        if (connection is not null)
            await connection.DisposeAsync();
    }
}
