using System.Diagnostics;

namespace Wayli.Migrate.Tests.Verification;

/// <summary>Runs SQL files with the real psql, the reference a migration tool is compared against.</summary>
internal static class Psql
{
    const string Program = "psql";

    /// <summary>
    /// Runs one file as <c>psql -X -v ON_ERROR_STOP=1 -q -d URL -f FILE</c>: statement by statement in autocommit,
    /// stopping at the first error. Throws with psql's output when it fails.
    /// </summary>
    public static async Task RunFileAsync(string url, string file, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-X", "-v", "ON_ERROR_STOP=1", "-q", "-d", url, "-f", file])
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start psql");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"psql -f {Path.GetFileName(file)} exited with {process.ExitCode}:\n{await error}\n{await output}");
    }
}
