using System.Diagnostics;

namespace Wayli.Migrate.Local;

/// <summary>Runs the PostgreSQL programs the local cluster needs, as the <c>postgres</c> user when we are root.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// The user PostgreSQL's programs run as when this process is root: <c>initdb</c> and <c>postgres</c> refuse root.
    /// </summary>
    public const string ServiceUser = "postgres";

    /// <summary>True when this process runs as root, so PostgreSQL's programs must run as <see cref="ServiceUser"/>.</summary>
    public static bool MustDropPrivileges => Environment.IsPrivilegedProcess && OperatingSystem.IsLinux();

    /// <summary>Runs <paramref name="program"/>, waits for it, and returns its output; throws with the output if it fails.</summary>
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool asServiceUser = true)
    {
        var (exitCode, output) = await RunForExitCodeAsync(program, arguments, cancellationToken, asServiceUser);
        if (exitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with code {exitCode}: {output.Trim()}");
        return output;
    }

    /// <summary>Runs <paramref name="program"/>, waits for it, and returns its exit code and output (for programs whose code is an answer, such as <c>pg_ctl status</c>).</summary>
    public static async Task<(int ExitCode, string Output)> RunForExitCodeAsync(string program, IReadOnlyList<string> arguments,
        CancellationToken cancellationToken, bool asServiceUser = true)
    {
        var result = asServiceUser && MustDropPrivileges
            ? await CaptureAsync("runuser", ["-u", ServiceUser, "--", program, .. arguments], null, cancellationToken)
            : await CaptureAsync(program, arguments, null, cancellationToken);
        return (result.ExitCode, result.Output + result.Error);
    }

    /// <summary>
    /// Runs <paramref name="program"/> as this process's user and returns its exit code, output and errors, whatever
    /// the exit code, for a caller that explains failures itself.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started (it is not installed).</exception>
    public static async Task<ProcessOutput> CaptureAsync(string program, IReadOnlyList<string> arguments, string? workingDirectory,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new ProcessOutput(process.ExitCode, await stdout, await stderr);
    }
}
