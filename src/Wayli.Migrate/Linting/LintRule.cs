namespace Wayli.Migrate.Linting;

/// <summary>
/// What a lint rule is about, for reports and SARIF: its id, a kebab-case name, a one-line title and the help text
/// that explains the risk and the fix.
/// </summary>
/// <remarks>
/// Ids are <c>WM</c> and three digits, grouped by hundreds: <c>WM0xx</c> the files and suppression comments
/// themselves, <c>WM1xx</c> idempotency (the file must be safe to run twice), <c>WM2xx</c> lock safety on a live
/// database, <c>WM3xx</c> security. An id never changes meaning once released; retired ids are not reused.
/// </remarks>
public sealed class LintRule
{
    internal LintRule(string id, string name, LintSeverity severity, string title, string help, bool canBeDisabled = true)
    {
        Id = id;
        Name = name;
        Severity = severity;
        Title = title;
        Help = help;
        CanBeDisabled = canBeDisabled;
    }

    /// <summary>The stable id used in <c>--disable</c> and <c>-- lint:ignore</c>, such as <c>WM101</c>.</summary>
    public string Id { get; }

    /// <summary>A readable kebab-case name, such as <c>create-without-if-not-exists</c>.</summary>
    public string Name { get; }

    /// <summary>Whether a finding fails the run.</summary>
    public LintSeverity Severity { get; }

    /// <summary>One line saying what the rule flags.</summary>
    public string Title { get; }

    /// <summary>Why it matters and what to write instead.</summary>
    public string Help { get; }

    /// <summary>
    /// False for the rules about the files and the suppression comments themselves: turning those off would hide the
    /// very mistakes that make other rules silently not apply.
    /// </summary>
    public bool CanBeDisabled { get; }

    /// <summary>The group the id's hundreds stand for: <c>files</c>, <c>idempotency</c>, <c>lock-safety</c> or <c>security</c>.</summary>
    public string Category => Id.Length > 2 ? Id[2] switch
    {
        '0' => "files",
        '1' => "idempotency",
        '2' => "lock-safety",
        '3' => "security",
        _ => "other",
    } : "other";

    /// <inheritdoc />
    public override string ToString() => $"{Id} {Name}";
}
