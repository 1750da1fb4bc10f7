using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;
using Wayli.Migrate.Connections;

namespace Wayli.Migrate.Local;

/// <summary>
/// A throwaway PostgreSQL cluster for the demo and the tests: <c>initdb</c> into a fresh temporary folder, started
/// with <c>pg_ctl</c> on a free loopback port with its Unix socket in its own folder, and deleted on dispose.
/// Durability and autovacuum are switched off because the data lives only as long as the run.
/// The superuser <c>postgres</c> gets a random password, so TCP connections authenticate as they would in production.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>Folders of clusters start with this name under the temporary folder, so leftovers can be found.</summary>
    public const string FolderPrefix = "wayli-migrate-pg-";

    const string Superuser = "postgres";
    readonly string _binaries;

    LocalCluster(string binaries, string root, int port, string password)
    {
        _binaries = binaries;
        Root = root;
        Port = port;
        Password = password;
    }

    /// <summary>The cluster's folder: data, socket, log.</summary>
    public string Root { get; }

    /// <summary>The loopback TCP port it listens on.</summary>
    public int Port { get; }

    /// <summary>The superuser's password.</summary>
    public string Password { get; }

    string DataDirectory => Path.Combine(Root, "data");

    string SocketDirectory => Path.Combine(Root, "socket");

    string LogFile => Path.Combine(Root, "server.log");

    /// <summary>Creates and starts a cluster on a free port with a random password.</summary>
    public static Task<LocalCluster> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(FreePort(), NewPassword(), cancellationToken);

    /// <summary>Creates and starts a cluster on a chosen port with a chosen password (to test clients that start first).</summary>
    public static Task<LocalCluster> StartAsync(int port, string password, CancellationToken cancellationToken = default) =>
        StartAsync(port, password, null, cancellationToken);

    /// <summary>Creates and starts a cluster of major version <paramref name="major"/> (any when null) on a free port.</summary>
    /// <exception cref="Failures.MigrateException">No server programs of that version are installed (<see cref="Failures.FailureKind.Usage"/>).</exception>
    public static Task<LocalCluster> StartAsync(int? major, CancellationToken cancellationToken) =>
        StartAsync(FreePort(), NewPassword(), major, cancellationToken);

    static async Task<LocalCluster> StartAsync(int port, string password, int? major, CancellationToken cancellationToken)
    {
        var binaries = await PostgresBinaries.FindAsync(major, cancellationToken);
        var root = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        var cluster = new LocalCluster(binaries, root, port, password);
        try
        {
            await cluster.InitAsync(cancellationToken);
            await cluster.StartServerAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A URL for <paramref name="database"/> as the superuser, over TCP with a password.</summary>
    public string Url(string database = "postgres") =>
        $"postgres://{Superuser}:{Password}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(database)}";

    /// <summary>The same as <see cref="Url"/>, parsed.</summary>
    public ConnectionSettings Settings(string database = "postgres") => ConnectionSettings.Parse(Url(database));

    /// <summary>Creates an empty database and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await Connections.DatabaseConnector.OpenAsync(Settings(), null, cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    /// <summary>Stops the server at once and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await ProcessRunner.RunAsync(Path.Combine(_binaries, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder still goes.
            }
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying server; the temporary folder is cleaned up by the system later.
        }
    }

    async Task InitAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SocketDirectory);
        var passwordFile = Path.Combine(Root, "password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n", cancellationToken);
        if (ProcessRunner.MustDropPrivileges)
            await ProcessRunner.RunAsync("chown", ["-R", $"{ProcessRunner.ServiceUser}:", Root], cancellationToken, asServiceUser: false);
        await ProcessRunner.RunAsync(Path.Combine(_binaries, "initdb"),
            ["-D", DataDirectory, "-U", Superuser, "--pwfile", passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
             "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], cancellationToken);
        File.Delete(passwordFile);
    }

    async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var options = string.Join(' ',
            "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", SocketDirectory,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=200",
            // No background writes: a test that proves a run wrote nothing checks that no transaction id was used.
            "-c", "autovacuum=off");
        try
        {
            await ProcessRunner.RunAsync(Path.Combine(_binaries, "pg_ctl"),
                ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options], cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken) : "(no log)";
            throw new Failures.MigrateException(Failures.FailureKind.Connection, $"the local PostgreSQL did not start: {e.Message}\n{log}", e);
        }
    }

    /// <summary>A random password, safe in URLs.</summary>
    public static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A loopback TCP port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
