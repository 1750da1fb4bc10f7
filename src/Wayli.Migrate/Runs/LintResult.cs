using Wayli.Migrate.Linting;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>lint</c> found.</summary>
/// <param name="Files">How many files were checked (well-named migrations and files that could not be one).</param>
/// <param name="Findings">Every finding, ordered by file, line and column.</param>
public sealed record LintResult(int Files, IReadOnlyList<LintFinding> Findings)
{
    /// <summary>How many findings are errors.</summary>
    public int Errors => Findings.Count(f => f.Severity == LintSeverity.Error);

    /// <summary>How many findings are warnings.</summary>
    public int Warnings => Findings.Count(f => f.Severity == LintSeverity.Warning);
}
