using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Wayli.Migrate.Tests.Support;

/// <summary>
/// <c>wayli-migrate</c> as a real child process, for the tests that kill it or start many at once: the NativeAOT
/// binary named by <c>WAYLI_MIGRATE_BINARY</c> when it exists (fast to start), else <c>dotnet wayli-migrate.dll</c>.
/// Its output is collected while it runs, so a full pipe never stalls it; its peak memory is sampled from /proc.
/// The child sees neither DATABASE_URL nor any WAYLI_MIGRATE_* variable of the test run.
/// </summary>
public sealed class FaultProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly StringBuilder _error = new();
    readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Task _sampler;
    readonly CancellationTokenSource _stopSampling = new();
    long _peakKilobytes;

    FaultProcess(ProcessStartInfo info)
    {
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data, _outputClosed);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data, _errorClosed);
        if (!_process.Start())
            throw new InvalidOperationException("could not start wayli-migrate");
        Started = Stopwatch.GetTimestamp();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _sampler = SampleMemoryAsync(_stopSampling.Token);
    }

    /// <summary>The native binary from WAYLI_MIGRATE_BINARY, or null when it is not set or missing.</summary>
    public static string? NativeBinary =>
        Environment.GetEnvironmentVariable("WAYLI_MIGRATE_BINARY") is { Length: > 0 } path && File.Exists(path) ? path : null;

    /// <summary>What is started, for figures: "native" or "dotnet".</summary>
    public static string Kind => NativeBinary is null ? "dotnet" : "native";

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>When it was started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long Started { get; }

    /// <summary>True once it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The highest resident memory seen while it ran (VmHWM), in bytes; 0 if never sampled.</summary>
    public long PeakMemoryBytes => Interlocked.Read(ref _peakKilobytes) * 1024;

    /// <summary>Starts <c>wayli-migrate args…</c>.</summary>
    public static FaultProcess Start(params string[] args) => StartAs(null, args);

    /// <summary>Starts <c>wayli-migrate args…</c> as another user (through runuser, when this process is root).</summary>
    public static FaultProcess StartAs(string? user, params string[] args)
    {
        var program = NativeBinary;
        var command = new List<string>();
        if (user is not null)
            command.AddRange(["runuser", "-u", user, "--"]);
        if (program is null)
            command.AddRange(["dotnet", Path.Combine(AppContext.BaseDirectory, "wayli-migrate.dll")]);
        else
            command.Add(program);
        command.AddRange(args);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            // No wayli-migrate.toml is looked for in a folder the test did not choose.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in command.Skip(1))
            info.ArgumentList.Add(argument);
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name is "DATABASE_URL" || name.StartsWith("WAYLI_MIGRATE_", StringComparison.Ordinal))
                info.Environment.Remove(name);
        }
        // The tests' sets are numbered 1, 2, 3 (see Tool.TestEnvironment).
        info.Environment[Tool.AnyVersionVariable] = "true";
        return new FaultProcess(info);
    }

    /// <summary>SIGKILL (kill -9): the process gets no chance to clean up. Returns false if it had already exited.</summary>
    public bool Kill9()
    {
        try
        {
            if (_process.HasExited)
                return false;
            // On Unix, Process.Kill sends SIGKILL.
            _process.Kill(entireProcessTree: false);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Waits for it to exit (killing it if the token fires first) and returns what it printed.</summary>
    public async Task<CliResult> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill9();
            await _process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            await _stopSampling.CancelAsync();
            await _sampler;
        }
        await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        string output, error;
        lock (_output)
            output = _output.ToString();
        lock (_error)
            error = _error.ToString();
        return new CliResult(_process.ExitCode, output, error);
    }

    /// <summary>Waits for it to exit, and kills it if it takes longer than <paramref name="limit"/>; null when it had to be killed.</summary>
    public async Task<CliResult?> WaitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill9();
        _stopSampling.Cancel();
        _stopSampling.Dispose();
        _process.Dispose();
    }

    static void Append(StringBuilder target, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (target)
            target.Append(line).Append('\n');
    }

    async Task SampleMemoryAsync(CancellationToken cancellationToken)
    {
        var status = $"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status";
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var line in await File.ReadAllLinesAsync(status, cancellationToken))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                        && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                    {
                        // runuser's own memory is not the tool's; with runuser the sample is the wrapper's (small).
                        if (kb > Interlocked.Read(ref _peakKilobytes))
                            Interlocked.Exchange(ref _peakKilobytes, kb);
                    }
                }
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException)
            {
                // The process has gone (or /proc is not there): nothing more to sample.
                return;
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
