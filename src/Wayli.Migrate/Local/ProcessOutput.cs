namespace Wayli.Migrate.Local;

/// <summary>What a program that ran to its end left: its exit code, its output and its errors.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything it wrote to standard output.</param>
/// <param name="Error">Everything it wrote to standard error.</param>
internal sealed record ProcessOutput(int ExitCode, string Output, string Error);
