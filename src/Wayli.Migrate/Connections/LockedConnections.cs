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

    /// <summary>Opens both connections (the first waiting for the database if asked) and takes the lock.</summary>
    /// <param name="database">The database, named for messages.</param>
    /// <param name="keys">The two lock keys (the lock session's and the working session's).</param>
    /// <param name="lockWait">How long to wait for another migrator's lock; null waits as long as it takes.</param>
    /// <param name="connect">Opens a connection; its argument says whether to wait for the database.</param>
    /// <param name="onWaiting">Told when the run waits for the lock.</param>
    /// <param name="cancellationToken">Cancels opening and waiting.</param>
    public static async Task<LockedConnections> OpenAsync(string database, (long Lock, long Work) keys, TimeSpan? lockWait,
        Func<bool, Task<NpgsqlConnection>> connect, Action<string> onWaiting, CancellationToken cancellationToken)
    {
        var connections = new LockedConnections();
        try
        {
            connections._lockConnection = await connect(true);
            connections.Work = await connect(false);
            await SessionPoolingCheck.EnsureSessionOwnedAsync(connections._lockConnection, connections.Work, database, cancellationToken);
            connections._lock = await MigrationLock.AcquireAsync(connections._lockConnection, keys.Lock, lockWait, onWaiting, cancellationToken);
            // The working session holds a lock of its own: a migrator whose lock session died (or was killed while its
            // batch still runs on the server) keeps others out until its working session has finished too.
            connections._workLock = await MigrationLock.AcquireAsync(connections.Work, keys.Work, lockWait, onWaiting, cancellationToken);
            return connections;
        }
        catch
        {
            await connections.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_workLock is not null)
            await _workLock.DisposeAsync();
        if (Work is not null)
            await Work.DisposeAsync();
        if (_lock is not null)
            await _lock.DisposeAsync();
        if (_lockConnection is not null)
            await _lockConnection.DisposeAsync();
    }
}
