namespace Wayli.Migrate.Linting;

/// <summary>One thing a lint rule found, where it is, and what to write instead.</summary>
/// <param name="RuleId">The rule's stable id, such as <c>WM101</c> (see <see cref="LintRules"/>).</param>
/// <param name="Severity">The rule's severity.</param>
/// <param name="File">The migration file's path as it was loaded.</param>
/// <param name="Line">1-based line; 1 when a problem concerns the whole file.</param>
/// <param name="Column">1-based column in Unicode code points; 1 when a problem concerns the whole file.</param>
/// <param name="Message">What is wrong and why it matters.</param>
/// <param name="Fix">The guarded form to write instead, or null when the message already says what to do.</param>
/// <param name="Statement">The first line of the statement it was found in (null for a problem with a file or a
/// lint:ignore comment), for people reading a baseline.</param>
/// <param name="Fingerprint">Identifies the statement by its tokens, not its line (<see cref="Baselines.BaselineEntry.Fingerprint"/>),
/// so the finding is known again after edits elsewhere in the file; null when it has no statement.</param>
public sealed record LintFinding(
    string RuleId,
    LintSeverity Severity,
    string File,
    int Line,
    int Column,
    string Message,
    string? Fix,
    string? Statement = null,
    string? Fingerprint = null)
{
    /// <summary>The rule's name, such as <c>drop-without-if-exists</c>.</summary>
    public string? Rule => LintRules.Find(RuleId)?.Name;
}
