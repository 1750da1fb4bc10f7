namespace Wayli.Migrate.Linting;

/// <summary>Project-wide lint settings (from <c>--disable</c> on the command line or a configuration file).</summary>
public sealed record LintOptions
{
    /// <summary>No rule disabled.</summary>
    public static LintOptions Default { get; } = new();

    /// <summary>
    /// Rule ids (case-insensitive) that are not checked anywhere in the set. An id no rule has is a usage error rather
    /// than ignored, so a typo cannot silently leave a rule on.
    /// </summary>
    public IReadOnlyCollection<string> DisabledRules { get; init; } = [];
}
