namespace Wayli.Migrate.Linting.Suppressions;

/// <summary>One <c>-- lint:ignore RULE_ID[,RULE_ID…] reason</c> comment.</summary>
/// <param name="Line">1-based line of the comment.</param>
/// <param name="Column">1-based column where <c>--</c> starts.</param>
/// <param name="Offset">UTF-16 offset of the comment in the script.</param>
/// <param name="CommentOnly">True when nothing but whitespace precedes it on its line.</param>
/// <param name="RuleIds">The rule ids as written (compared case-insensitively); empty when none was given.</param>
/// <param name="Reason">Everything after the ids, trimmed; empty when missing.</param>
internal sealed record Suppression(int Line, int Column, int Offset, bool CommentOnly, IReadOnlyList<string> RuleIds, string Reason)
{
    /// <summary>The index of the statement it applies to, or -1 when it is not placed where it applies to any.</summary>
    public int Statement { get; set; } = -1;

    /// <summary>The rule ids it silenced at least once.</summary>
    public HashSet<string> Used { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when it names at least one rule and gives a reason: only then does it silence anything.</summary>
    public bool IsComplete => RuleIds.Count > 0 && Reason.Length > 0;
}
