using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;
using Wayli.Migrate.Connections;

namespace Wayli.Migrate.Local;

/// <summary>
/// A local PostgreSQL cluster, created with <c>initdb</c> and run with <c>pg_ctl</c> on a loopback port, in one of two
/// modes. <b>Throwaway</b> (<see cref="StartAsync(CancellationToken)"/>; the demo, <c>sandbox</c>, scratch databases, the tests): a fresh
/// temporary folder, its Unix socket in its own folder, durability and autovacuum off because the data lives only as
/// long as the run, and everything deleted on dispose. <b>Persistent</b> (<see cref="InFolder"/>; <c>dev</c>): a folder
/// the caller keeps, the server left running when this process ends (<c>pg_ctl</c> detaches it), default durability,
/// no Unix socket (a project path may be longer than a socket path may be), and nothing ever deleted by this class.
/// The superuser <c>postgres</c> gets a password, so TCP connections authenticate as they would in production.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>Folders of clusters start with this name under the temporary folder, so leftovers can be found.</summary>
    public const string FolderPrefix = "wayli-migrate-pg-";

    const string Superuser = "postgres";
    readonly string _binaries;
    readonly bool _throwaway;

    LocalCluster(string binaries, string root, int port, string password, bool throwaway)
    {
        _binaries = binaries;
        Root = root;
        Port = port;
        Password = password;
        _throwaway = throwaway;
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
        var cluster = new LocalCluster(binaries, root, port, password, throwaway: true);
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

    /// <summary>
    /// A persistent cluster in <paramref name="root"/> (its data in <c>data/</c>), created or not, running or not: see
    /// <see cref="IsCreated"/>, <see cref="CreateAsync"/>, <see cref="IsRunningAsync"/>, <see cref="StartServerAsync"/>.
    /// Disposing it does nothing: its data is the caller's.
    /// </summary>
    /// <param name="binaries">The folder of <c>initdb</c> and <c>pg_ctl</c> (see <see cref="PostgresBinaries"/>).</param>
    /// <param name="root">The cluster's folder.</param>
    /// <param name="port">The loopback port to start it on.</param>
    /// <param name="password">The superuser's password (set when the cluster is created).</param>
    public static LocalCluster InFolder(string binaries, string root, int port, string password) =>
        new(binaries, root, port, password, throwaway: false);

    /// <summary>True when <c>initdb</c> has made the data folder.</summary>
    public bool IsCreated => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    /// <summary>Creates the data folder with <c>initdb</c> (the folder must not hold a cluster yet).</summary>
    /// <exception cref="Failures.MigrateException">As root, the <c>postgres</c> user PostgreSQL runs as cannot reach the folder (<see cref="Failures.FailureKind.Usage"/>).</exception>
    public Task CreateAsync(CancellationToken cancellationToken) => InitAsync(cancellationToken);

    /// <summary>True when the server of this folder is running (<c>pg_ctl status</c>).</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken) =>
        IsCreated && (await ProcessRunner.RunForExitCodeAsync(Path.Combine(_binaries, "pg_ctl"), ["status", "-D", DataDirectory], cancellationToken)).ExitCode == 0;

    /// <summary>Stops the server, letting sessions end their work first (<c>pg_ctl stop -m fast</c>); nothing is lost.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(Path.Combine(_binaries, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"], cancellationToken);

    /// <summary>The major version of the PostgreSQL that created the data folder, or null before it is created.</summary>
    public string? DataVersion => IsCreated ? File.ReadAllText(Path.Combine(DataDirectory, "PG_VERSION")).Trim() : null;

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

    /// <summary>A throwaway cluster: stops the server at once and deletes its folder. A persistent one: nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_throwaway)
            return;
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
        if (_throwaway)
            Directory.CreateDirectory(SocketDirectory);
        Directory.CreateDirectory(Root);
        var passwordFile = Path.Combine(Root, "initdb-password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n", cancellationToken);
        try
        {
            if (ProcessRunner.MustDropPrivileges)
            {
                await ProcessRunner.RunAsync("chown", ["-R", $"{ProcessRunner.ServiceUser}:", Root], cancellationToken, asServiceUser: false);
                await RefuseUnreachableAsync(cancellationToken);
            }
            // A throwaway cluster need not reach the disk; the user's data does.
            string[] sync = _throwaway ? ["--no-sync"] : [];
            await ProcessRunner.RunAsync(Path.Combine(_binaries, "initdb"),
                ["-D", DataDirectory, "-U", Superuser, "--pwfile", passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                 "-E", "UTF8", "--locale=C", .. sync, "--no-instructions"], cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// As root, PostgreSQL runs as the <c>postgres</c> user, which must be able to reach the folder: a project under a
    /// home folder closed to others is not. Say so, rather than let <c>initdb</c> fail with "permission denied".
    /// </summary>
    async Task RefuseUnreachableAsync(CancellationToken cancellationToken)
    {
        var (exitCode, _) = await ProcessRunner.RunForExitCodeAsync("test", ["-w", Root], cancellationToken);
        if (exitCode == 0)
            return;
        var closed = Ancestors(Root).LastOrDefault(folder => !OperatingSystem.IsWindows() && (File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) == 0);
        throw new Failures.MigrateException(Failures.FailureKind.Usage,
            $"PostgreSQL refuses to run as root, so the local database runs as the {ProcessRunner.ServiceUser} user, which cannot reach {Root}"
            + (closed is null ? "" : $": {closed} is closed to other users (chmod o+x '{closed}' opens it for passing through, or run as a user other than root)"));
    }

    static IEnumerable<string> Ancestors(string folder)
    {
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(folder)); parent is not null; parent = Path.GetDirectoryName(parent))
            yield return parent;
    }

    /// <summary>Starts the server (and waits until it accepts connections); throws with the server's log when it does not start.</summary>
    /// <exception cref="Failures.MigrateException">The server did not start (<see cref="Failures.FailureKind.Connection"/>).</exception>
    public async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var port = Port.ToString(CultureInfo.InvariantCulture);
        var options = _throwaway
            ? string.Join(' ',
                "-p", port, "-k", SocketDirectory,
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200",
                // No background writes: a test that proves a run wrote nothing checks that no transaction id was used.
                "-c", "autovacuum=off")
            // The user's data: PostgreSQL's own defaults, reached over TCP only.
            : string.Join(' ', "-p", port, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=''");
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
