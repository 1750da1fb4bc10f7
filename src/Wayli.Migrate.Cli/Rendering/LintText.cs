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
        var baseline = result.Baseline is null ? null : Path.GetRelativePath(context.WorkingDirectory, result.Baseline);
        foreach (var entry in result.Stale)
        {
            await context.Output.WriteLineAsync(
                $"{entry.File}: note {entry.Rule}: {baseline} accepts a finding that is gone (in \"{entry.Statement}\"); remove its entry, or rewrite the baseline with --write-baseline");
        }
        await context.Output.WriteLineAsync(Summary(result, baseline));
    }

    /// <summary><c>error</c> or <c>warning</c>, as text, JSON and SARIF all spell them.</summary>
    public static string SeverityName(LintSeverity severity) => severity == LintSeverity.Error ? "error" : "warning";

    static string Summary(LintResult result, string? baseline)
    {
        var linted = $"{result.Files} file(s) linted" + (result.Scope is null ? "" : $" ({result.Scope})");
        var counts = $"{result.Errors} error(s), {result.Warnings} warning(s)";
        if (result.BaselineWritten)
        {
            return $"{linted}: wrote {baseline}, accepting {result.Accepted} finding(s)"
                + (result.Findings.Count == 0 ? "." : $"; {counts} it cannot accept (fix problems with files and lint:ignore comments).");
        }
        var found = result.Findings.Count == 0 ? "no findings" : counts;
        if (baseline is null)
            return $"{linted}: {found}.";
        var stale = result.Stale.Count == 0 ? "" : $"; {result.Stale.Count} of its entries no longer found";
        return $"{linted}: {(result.Findings.Count == 0 ? "no new findings" : counts)}; {result.Accepted} finding(s) accepted by {baseline}{stale}.";
    }
}
