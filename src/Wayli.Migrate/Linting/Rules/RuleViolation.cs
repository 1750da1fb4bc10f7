namespace Wayli.Migrate.Linting.Rules;

/// <summary>What a rule found in one statement, before it becomes a <see cref="LintFinding"/>.</summary>
/// <param name="TokenIndex">The token the finding points at (its line and column are reported).</param>
/// <param name="Message">What is wrong and why it matters.</param>
/// <param name="Fix">The guarded form to write instead.</param>
internal sealed record RuleViolation(int TokenIndex, string Message, string? Fix);
