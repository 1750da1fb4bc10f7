using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Wayli.Migrate.Tests.Support;

/// <summary>
/// The shared benchmarks' latency proxy (<c>bench/lib/latency-proxy.py</c> of the shared folder) in front of the test
/// cluster: it delays every chunk, can cut each connection once the client has sent a number of bytes, and counts each
/// connection's bursts (a run of chunks one way: a client burst is about one round trip the client waited for). It is
/// found through <c>WAYLI_SHARED</c> or the <c>../shared</c> beside the clone; a test that needs it reports itself
/// skipped without it.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    readonly Process _process;
    readonly string _counts;

    LatencyProxy(Process process, int port, string counts) => (_process, Port, _counts) = (process, port, counts);

    /// <summary>The port the proxy listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The proxy's script, or null when the shared folder is not there.</summary>
    public static string? Script
    {
        get
        {
            var shared = Environment.GetEnvironmentVariable("WAYLI_SHARED") is { Length: > 0 } named
                ? Path.GetFullPath(named, Paths.Repository)
                : Path.GetFullPath(Path.Combine(Paths.Repository, "..", "shared"));
            var script = Path.Combine(shared, "bench", "lib", "latency-proxy.py");
            return File.Exists(script) ? script : null;
        }
    }

    /// <summary>Starts a proxy to <paramref name="targetPort"/> on 127.0.0.1; skips the calling test when the proxy is not there.</summary>
    /// <param name="targetPort">The server's port.</param>
    /// <param name="delayMs">The delay added each way, in milliseconds.</param>
    /// <param name="cutAfter">Cut each connection once its client has sent this many bytes; null never.</param>
    public static async Task<LatencyProxy> StartAsync(int targetPort, double delayMs = 0, long? cutAfter = null)
    {
        var script = Script;
        if (script is null)
            Assert.Skip("the latency proxy (bench/lib/latency-proxy.py of the shared folder) was not found: set WAYLI_SHARED to the shared folder");
        var counts = Path.Combine(Path.GetTempPath(), $"wayli-proxy-{Guid.NewGuid():N}.counts");
        var port = FreePort();
        var info = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])[script!, Text(port), "127.0.0.1", Text(targetPort), delayMs.ToString(CultureInfo.InvariantCulture), "--count", counts])
            info.ArgumentList.Add(argument);
        if (cutAfter is { } bytes)
        {
            info.ArgumentList.Add("--cut-after");
            info.ArgumentList.Add(bytes.ToString(CultureInfo.InvariantCulture));
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("python3 could not be started");
        var proxy = new LatencyProxy(process, port, counts);
        await proxy.WaitUntilListeningAsync();
        return proxy;
    }

    /// <summary><paramref name="url"/> (a postgres:// URL of the test cluster) through the proxy.</summary>
    public string Through(string url)
    {
        var uri = new UriBuilder(url) { Port = Port };
        return uri.Uri.AbsoluteUri;
    }

    /// <summary>
    /// Each connection's figures, in the order the connections ended, once <paramref name="connections"/> have ended
    /// (the proxy writes a line as each one closes).
    /// </summary>
    public async Task<IReadOnlyList<ConnectionCount>> CountsAsync(int connections)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            // (A connection that sent nothing is the check that the proxy listens.)
            var counts = (File.Exists(_counts) ? await File.ReadAllLinesAsync(_counts) : []).Select(l => l.Split(' '))
                .Select(f => new ConnectionCount(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture),
                    long.Parse(f[2], CultureInfo.InvariantCulture)))
                .Where(c => c.ClientBytes > 0).ToList();
            if (counts.Count >= connections || waited.Elapsed > TimeSpan.FromSeconds(30))
                return counts;
            await Task.Delay(50);
        }
    }

    /// <summary>Forgets the connections counted so far.</summary>
    public void ResetCounts() => File.Delete(_counts);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(_counts);
    }

    async Task WaitUntilListeningAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (attempt < 100 && !_process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"the latency proxy did not start: {await _process.StandardError.ReadToEndAsync()}");
            }
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
