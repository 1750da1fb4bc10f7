using Wayli.Migrate.Linting;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>Lint findings for people, in the compiler style editors and CI logs link: <c>file:line:col: severity RULE: message</c>.</summary>
internal static class LintText
{
    public static async Task WriteAsync(CliContext context, LintResult result)
    {
        foreach (var finding in result.Findings)
        {
            await context.Output.WriteLineAsync(
                $"{FileLocation.Format(finding.File, finding.Line, finding.Column)}: {SeverityName(finding.Severity)} {finding.RuleId}: {finding.Message}");
            if (finding.Fix is { } fix)
                await context.Output.WriteLineAsync($"  fix: {fix}");
        }
        await context.Output.WriteLineAsync(result.Findings.Count == 0
            ? $"{result.Files} file(s) linted: no findings."
            : $"{result.Files} file(s) linted: {result.Errors} error(s), {result.Warnings} warning(s).");
    }

    /// <summary><c>error</c> or <c>warning</c>, as text, JSON and SARIF all spell them.</summary>
    public static string SeverityName(LintSeverity severity) => severity == LintSeverity.Error ? "error" : "warning";
}
