using Npgsql;
using Wayli.Migrate.Local;

namespace Wayli.Migrate.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own, for faults that would hurt other tests: restarting or stopping the server.
/// It is a <see cref="PostgresServer"/> like the shared one (same roles, same databases), plus the controls.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    readonly PostgresServer _server;
    readonly string _binaries;

    FaultCluster(PostgresServer server, string binaries) => (_server, _binaries) = (server, binaries);

    /// <summary>The server, to create databases on.</summary>
    public PostgresServer Server => _server;

    /// <summary>The cluster.</summary>
    public LocalCluster Cluster => _server.Cluster;

    /// <summary>Starts a new cluster.</summary>
    public static async Task<FaultCluster> StartAsync(CancellationToken cancellationToken)
    {
        var binaries = await PostgresBinaries.FindAsync(cancellationToken);
        var server = new PostgresServer();
        await server.InitializeAsync();
        return new FaultCluster(server, binaries);
    }

    /// <summary>
    /// <c>pg_ctl restart -m fast</c>: every session is terminated, the server comes back on the same port. The log goes
    /// to the cluster's log file: a server writing to pg_ctl's output would keep the pipe (and this call) open.
    /// </summary>
    public Task RestartAsync(CancellationToken cancellationToken) => RestartAsync("fast", cancellationToken);

    /// <summary>
    /// <c>pg_ctl restart -m immediate</c>: the server stops as if it crashed (no checkpoint, WAL still in its buffers
    /// is lost) and comes back through crash recovery.
    /// </summary>
    public Task CrashAndRecoverAsync(CancellationToken cancellationToken) => RestartAsync("immediate", cancellationToken);

    Task<string> RestartAsync(string mode, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(Path.Combine(_binaries, "pg_ctl"),
            ["restart", "-D", DataDirectory, "-m", mode, "-w", "-t", "60", "-l", Path.Combine(Cluster.Root, "server.log")], cancellationToken);

    string DataDirectory => Path.Combine(Cluster.Root, "data");

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Opens a connection to a database of the cluster, retrying while the server restarts.</summary>
    public async Task<NpgsqlConnection> OpenAsync(string database, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var connection = new NpgsqlConnection(Cluster.Settings(database).ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return connection;
            }
            catch (NpgsqlException) when (attempt < 100)
            {
                await connection.DisposeAsync();
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
