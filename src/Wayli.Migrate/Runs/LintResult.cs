using Wayli.Migrate.Linting;
using Wayli.Migrate.Linting.Baselines;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>lint</c> found.</summary>
/// <param name="Files">How many files were checked (well-named migrations and files that could not be one), of those in
/// <see cref="Scope"/>.</param>
/// <param name="Findings">Every finding to report, ordered by file, line and column: without those a baseline accepted.</param>
public sealed record LintResult(int Files, IReadOnlyList<LintFinding> Findings)
{
    /// <summary>How many findings are errors.</summary>
    public int Errors => Findings.Count(f => f.Severity == LintSeverity.Error);

    /// <summary>How many findings are warnings.</summary>
    public int Warnings => Findings.Count(f => f.Severity == LintSeverity.Warning);

    /// <summary>Which files were linted: null for all of them, else why only some (<c>changed since HEAD~1</c>).</summary>
    public string? Scope { get; init; }

    /// <summary>The lint baseline that was read, or written when <see cref="BaselineWritten"/>; null for none.</summary>
    public string? Baseline { get; init; }

    /// <summary>True when the run wrote <see cref="Baseline"/>: it accepts every finding in <see cref="Accepted"/>.</summary>
    public bool BaselineWritten { get; init; }

    /// <summary>How many findings the baseline accepts (not in <see cref="Findings"/>).</summary>
    public int Accepted { get; init; }

    /// <summary>The baseline's entries whose finding is gone: notes, to remove from it (or rewrite it), never errors.</summary>
    public IReadOnlyList<BaselineEntry> Stale { get; init; } = [];
}
