using System.Diagnostics;
using System.Text;

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
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser && MustDropPrivileges)
        {
            info.FileName = "runuser";
            foreach (var argument in (string[])["-u", ServiceUser, "--", program])
                info.ArgumentList.Add(argument);
        }
        else
        {
            info.FileName = program;
        }
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
