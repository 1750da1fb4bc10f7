namespace Wayli.Migrate.Sql;

/// <summary>A significant token of one statement: what it is, as written, and where.</summary>
/// <param name="Kind">What the scanner found.</param>
/// <param name="Original">The token as written.</param>
/// <param name="Word">The upper-cased text for a bare word, else null.</param>
/// <param name="Offset">UTF-16 offset within the statement's text.</param>
/// <param name="Depth">Parentheses open around it; an opening parenthesis has the depth outside it.</param>
internal readonly record struct StatementToken(SqlTokenKind Kind, string Original, string? Word, int Offset, int Depth)
{
    /// <summary>The offset just past the token.</summary>
    public int End => Offset + Original.Length;

    /// <summary>True for a single punctuation character such as <c>,</c> or <c>.</c>.</summary>
    public bool IsSymbol(char symbol) => Kind == SqlTokenKind.Other && Original.Length == 1 && Original[0] == symbol;

    /// <summary>True for a bare or quoted identifier.</summary>
    public bool IsIdentifier => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier or SqlTokenKind.UnicodeIdentifier;
}
