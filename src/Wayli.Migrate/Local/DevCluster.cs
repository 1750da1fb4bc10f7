using System.Net;
using System.Net.Sockets;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Local;

/// <summary>
/// The local development database of a project (<c>wayli-migrate dev</c>): a persistent <see cref="LocalCluster"/> in a
/// folder of the project (<c>.wayli-migrate/dev</c> by default), git-ignored by a <c>.gitignore</c> of its own, with its
/// settings (<see cref="DevClusterSettings"/>) and its superuser's password (<c>secret</c>, readable by its owner only)
/// beside the data. The server keeps running after this process ends. Nothing here deletes data: dropping the
/// database is the caller's explicit act (<c>dev reset</c>).
/// </summary>
public sealed class DevCluster : IDisposable
{
    /// <summary>The database a development cluster serves, as on Supabase.</summary>
    public const string DatabaseName = "postgres";

    static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    FileStream? _lock;

    DevCluster(string root, DevClusterSettings? settings)
    {
        Root = root;
        Settings = settings;
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>What the folder remembers; null before the database is created.</summary>
    public DevClusterSettings? Settings { get; private set; }

    /// <summary>True when the database has been created in the folder.</summary>
    public bool Exists => Settings is not null && Cluster is { IsCreated: true };

    LocalCluster? Cluster { get; set; }

    string SettingsFile => Path.Combine(Root, "settings");

    string SecretFile => Path.Combine(Root, "secret");

    /// <summary>Reads what the folder holds, changing nothing.</summary>
    /// <exception cref="MigrateException">The folder's settings are damaged (<see cref="FailureKind.Usage"/>).</exception>
    public static DevCluster Open(string root)
    {
        var full = Path.GetFullPath(root);
        var dev = new DevCluster(full, DevClusterSettings.Read(Path.Combine(full, "settings")));
        if (dev.Settings is { } settings && File.Exists(dev.SecretFile))
            dev.Cluster = LocalCluster.InFolder(settings.Binaries, full, settings.Port, File.ReadAllText(dev.SecretFile).Trim());
        return dev;
    }

    /// <summary>
    /// Takes the folder for this process, so two commands on the same folder (a <c>start</c> and a <c>reset</c>) do not
    /// interleave; waits up to a minute for another one to finish. Creates the folder.
    /// </summary>
    /// <exception cref="MigrateException">Another command held the folder all that time (<see cref="FailureKind.LockTimeout"/>).</exception>
    public async Task LockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        var path = Path.Combine(Root, "lock");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_lock is null)
        {
            try
            {
                _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockWait)
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (IOException e)
            {
                throw new MigrateException(FailureKind.LockTimeout,
                    $"another wayli-migrate dev command has held {Root} for {LockWait.TotalSeconds:0} s; try again when it has finished", e);
            }
        }
    }

    /// <summary>Creates the cluster (<c>initdb</c>) on a free port, with a new random password; remembers <paramref name="supabase"/>.</summary>
    /// <exception cref="MigrateException">PostgreSQL's programs are missing, or cannot reach the folder (<see cref="FailureKind.Usage"/>).</exception>
    public async Task CreateAsync(bool supabase, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        await File.WriteAllTextAsync(Path.Combine(Root, ".gitignore"),
            "# The local development database of wayli-migrate dev: data, not source.\n*\n", cancellationToken);
        var password = LocalCluster.NewPassword();
        var binaries = await PostgresBinaries.FindAsync(cancellationToken);
        var cluster = LocalCluster.InFolder(binaries, Root, LocalCluster.FreePort(), password);
        await cluster.CreateAsync(cancellationToken);
        // The password is written once initdb has set it; only the folder's owner may read it.
        await File.WriteAllTextAsync(SecretFile, password + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(SecretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Remember(new DevClusterSettings(cluster.Port, supabase, binaries));
        Cluster = cluster;
    }

    /// <summary>True when the server is running.</summary>
    public Task<bool> IsRunningAsync(CancellationToken cancellationToken) =>
        Cluster is { } cluster ? cluster.IsRunningAsync(cancellationToken) : Task.FromResult(false);

    /// <summary>
    /// Starts the server on the port it had, or, when something else listens there now, on a new free port (which is
    /// then remembered); returns a note when the port changed.
    /// </summary>
    public async Task<string?> StartAsync(CancellationToken cancellationToken)
    {
        var settings = Settings ?? throw new InvalidOperationException("the cluster has not been created");
        string? note = null;
        if (!IsFree(settings.Port))
        {
            var port = LocalCluster.FreePort();
            note = $"port {settings.Port} is taken by another program: the database now listens on {port}";
            Remember(settings with { Port = port });
        }
        Cluster = LocalCluster.InFolder(Settings!.Binaries, Root, Settings.Port, Cluster!.Password);
        await Cluster.StartServerAsync(cancellationToken);
        return note;
    }

    /// <summary>Stops the server; sessions are ended, committed data stays.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Cluster?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>The URL of the database, with its password.</summary>
    public string Url => Cluster?.Url(DatabaseName) ?? throw new InvalidOperationException("the cluster has not been created");

    /// <summary>How to reach the database.</summary>
    public ConnectionSettings Database(string name = DatabaseName) =>
        Cluster?.Settings(name) ?? throw new InvalidOperationException("the cluster has not been created");

    /// <summary>The superuser's password, so callers can keep it out of what they print.</summary>
    public string? Password => Cluster?.Password;

    /// <summary>Writes <paramref name="settings"/> to the folder.</summary>
    public void Remember(DevClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Write(SettingsFile);
        Settings = settings;
    }

    /// <summary>Releases the folder (the server keeps running).</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
