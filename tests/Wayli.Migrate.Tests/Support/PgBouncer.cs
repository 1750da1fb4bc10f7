using System.Diagnostics;
using System.Globalization;
using Wayli.Migrate.Local;

namespace Wayli.Migrate.Tests.Support;

/// <summary>A real PgBouncer (Debian's package) in front of the test cluster, in the pool mode a test asks for.</summary>
public sealed class PgBouncer : IAsyncDisposable
{
    const string Program = "/usr/sbin/pgbouncer";
    readonly Process _process;
    readonly string _folder;

    PgBouncer(Process process, string folder, int port) => (_process, _folder, Port) = (process, folder, port);

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Starts PgBouncer, or skips the calling test when it is not installed.</summary>
    public static async Task<PgBouncer> StartAsync(LocalCluster cluster, string poolMode)
    {
        if (!File.Exists(Program))
            Assert.Skip("pgbouncer is not installed (Debian: apt-get install pgbouncer): the pooler tests were not run");
        var folder = Directory.CreateTempSubdirectory("wayli-migrate-pgbouncer-").FullName;
        var port = LocalCluster.FreePort();
        var config = Path.Combine(folder, "pgbouncer.ini");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            [databases]
            * = host=127.0.0.1 port={cluster.Port} user=postgres password={cluster.Password}
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {folder}/users.txt
            pool_mode = {poolMode}
            default_pool_size = 5
            ignore_startup_parameters = extra_float_digits,options,search_path
            logfile = {folder}/pgbouncer.log
            pidfile = {folder}/pgbouncer.pid
            """));
        await File.WriteAllTextAsync(Path.Combine(folder, "users.txt"), "\"postgres\" \"\"\n");
        if (Environment.IsPrivilegedProcess)
            Process.Start("chown", ["-R", "postgres:", folder])!.WaitForExit();
        var info = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", Program, config])
            : new ProcessStartInfo(Program, [config]);
        var process = Process.Start(info)!;
        var bouncer = new PgBouncer(process, folder, port);
        await bouncer.WaitUntilListeningAsync();
        return bouncer;
    }

    /// <summary>A URL for a database of the cluster, through PgBouncer.</summary>
    public string Url(TestDatabase database) => $"postgres://postgres:unused@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database.Name}";

    async Task WaitUntilListeningAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                if (_process.HasExited)
                    throw new InvalidOperationException("pgbouncer exited: " + await File.ReadAllTextAsync(Path.Combine(_folder, "pgbouncer.log")));
                await Task.Delay(50);
            }
        }
        throw new TimeoutException("pgbouncer did not start listening");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
