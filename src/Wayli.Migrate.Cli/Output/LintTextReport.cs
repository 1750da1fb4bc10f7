using Wayli.Migrate.Linting;

namespace Wayli.Migrate.Cli.Output;

/// <summary>Lint findings for people, in the compiler style editors and CI logs link: <c>file:line:col: severity RULE: message</c>.</summary>
internal static class LintTextReport
{
    public static async Task WriteAsync(CliContext context, IReadOnlyList<LintFinding> findings, int fileCount)
    {
        foreach (var finding in findings)
        {
            var severity = LintJsonReport.SeverityName(finding.Severity);
            await context.Output.WriteLineAsync(
                $"{LintPath.Display(context, finding.File)}:{finding.Line}:{finding.Column}: {severity} {finding.RuleId}: {finding.Message}");
            if (finding.Fix is { } fix)
                await context.Output.WriteLineAsync($"  fix: {fix}");
        }
        await context.Output.WriteLineAsync(Summary(findings, fileCount));
    }

    /// <summary><c>4 file(s) linted: 2 error(s), 1 warning(s).</c> or <c>4 file(s) linted: no findings.</c></summary>
    public static string Summary(IReadOnlyList<LintFinding> findings, int fileCount)
    {
        var errors = findings.Count(f => f.Severity == LintSeverity.Error);
        var warnings = findings.Count - errors;
        return findings.Count == 0
            ? $"{fileCount} file(s) linted: no findings."
            : $"{fileCount} file(s) linted: {errors} error(s), {warnings} warning(s).";
    }
}
