using System.Diagnostics;
using Wayli.Migrate.Cli;

namespace Wayli.Migrate.Tests.Support;

/// <summary>The outcome of one command line.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Output">Everything written to stdout.</param>
/// <param name="Error">Everything written to stderr.</param>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for assertions about what a user sees.</summary>
    public string All => Output + Error;

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs the command-line tool: in process (fast, parallel-safe) or as a real child process.</summary>
public static class Tool
{
    /// <summary>
    /// The variable that lets a project number its migrations otherwise than by timestamp. Most tests' sets are
    /// numbered 1, 2, 3 for readability, so every run here has it unless the test's own environment sets it.
    /// </summary>
    public const string AnyVersionVariable = "WAYLI_MIGRATE_ANY_VERSION";

    /// <summary>Runs <c>wayli-migrate args…</c> in this process with its own streams and environment.</summary>
    public static async Task<CliResult> RunAsync(params string[] args) => await RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs with the given environment variables (and no others).</summary>
    public static Task<CliResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunInAsync(Directory.GetCurrentDirectory(), environment, args);

    /// <summary>Runs in a working folder (where wayli-migrate.toml is looked for) with the given environment.</summary>
    public static async Task<CliResult> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error,
            name => environment.TryGetValue(name, out var value) ? value : name == AnyVersionVariable ? "true" : null, workingDirectory);
        var exitCode = await CliApp.RunAsync(args, context, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Starts <c>wayli-migrate</c> as a separate process (the built CLI next to the tests).</summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wayli-migrate.dll"));
        foreach (var argument in args)
            info.ArgumentList.Add(argument);
        info.Environment[AnyVersionVariable] = "true";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start wayli-migrate");
    }

    /// <summary>Waits for a started process and collects its result.</summary>
    public static async Task<CliResult> WaitAsync(Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }
}
