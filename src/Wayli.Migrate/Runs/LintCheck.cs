namespace Wayli.Migrate.Runs;

/// <summary>A lock or rewrite warning of <c>lint</c> (a guess from the text), against what the rehearsal saw the statement do.</summary>
/// <param name="RuleId">The lint rule, such as <c>WM201</c>.</param>
/// <param name="Line">Where lint found it.</param>
/// <param name="Confirmed">True when the rehearsal saw what lint warned about (a lock that blocks writes on an existing
/// table); false when it did not, so the warning does not apply here.</param>
/// <param name="Message">Lint's message, and what the rehearsal saw.</param>
public sealed record LintCheck(string RuleId, int Line, bool Confirmed, string Message);
