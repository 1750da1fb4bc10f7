namespace Wayli.Migrate.Sql;

/// <summary>One token: where it lies in the scanned text, and whether its closing delimiter was missing.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Start">UTF-16 offset of its first character.</param>
/// <param name="Length">Its length in UTF-16 characters.</param>
/// <param name="Unterminated">True when the input ended before the token's closing delimiter.</param>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, bool Unterminated = false)
{
    /// <summary>The offset just past the token.</summary>
    public int End => Start + Length;

    /// <summary>True for whitespace and comments: the trivia a statement may start or end with.</summary>
    public bool IsTrivia => Kind is SqlTokenKind.Whitespace or SqlTokenKind.LineComment or SqlTokenKind.BlockComment;
}
