using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Runs;

/// <summary>
/// A run's first connection with the history as it stood when the run began, read without the lock. It is opened
/// while the files are still being read, which takes the connection's round trips off the critical path of a deploy;
/// the run then takes the connection over for its lock.
/// </summary>
internal sealed class HistoryProbe : IAsyncDisposable
{
    NpgsqlConnection? _connection;

    HistoryProbe(NpgsqlConnection connection, IReadOnlyList<AppliedMigration>? rows, int processId) =>
        (_connection, Rows, ProcessId) = (connection, rows, processId);

    /// <summary>The history's rows when the table was current; otherwise null (the locked path reads it).</summary>
    public IReadOnlyList<AppliedMigration>? Rows { get; }

    /// <summary>The server process of the connection, as it answered the probe (the lock's pooler check starts from it).</summary>
    public int ProcessId { get; }

    /// <summary>
    /// Opens the run's first connection (waiting for the database if asked) and reads the history without the lock, in
    /// one round trip: the server process, the table's shape and, in case it is current, its rows.
    /// </summary>
    /// <exception cref="MigrateException">The database cannot be reached.</exception>
    public static async Task<HistoryProbe> OpenAsync(RunContext run, CancellationToken cancellationToken)
    {
        var connection = await run.ConnectAsync(waitForDatabase: true, cancellationToken);
        try
        {
            var batch = new QueryBatch(connection);
            var processId = 0;
            batch.Add(new NpgsqlBatchCommand("SELECT pg_backend_pid()"), async (reader, token) =>
            {
                await reader.ReadAsync(token);
                processId = reader.GetInt32(0);
            });
            var history = run.History.AddTo(batch, readRows: true);
            await batch.RunAsync(cancellationToken);
            return new HistoryProbe(connection, history.Rows, processId);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops a probe whose run will not happen (the files have problems) and closes its connection, if any.</summary>
    public static async Task AbandonAsync(Task<HistoryProbe> probing, CancellationTokenSource stop)
    {
        await stop.CancelAsync();
        try
        {
            await (await probing).DisposeAsync();
        }
        catch (Exception e) when (e is MigrateException or OperationCanceledException or NpgsqlException)
        {
            // The files' problems are what the user is told about; the database was never touched.
        }
    }

    /// <summary>Hands the connection over to a caller that will dispose of it (once).</summary>
    public NpgsqlConnection? TakeConnection()
    {
        var connection = _connection;
        _connection = null;
        return connection;
    }

    /// <summary>Closes the connection unless it was handed over.</summary>
    public async ValueTask DisposeAsync()
    {
        if (TakeConnection() is { } connection)
            await connection.DisposeAsync();
    }
}
