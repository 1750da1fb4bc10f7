namespace Wayli.Migrate.Sql;

/// <summary>The kinds of token the scanner tells apart: only what splitting and classifying need.</summary>
internal enum SqlTokenKind
{
    /// <summary>Spaces, tabs, form feeds and line breaks.</summary>
    Whitespace,

    /// <summary><c>-- …</c> up to, not including, the line break.</summary>
    LineComment,

    /// <summary><c>/* … */</c>, nesting as PostgreSQL nests them.</summary>
    BlockComment,

    /// <summary>An unquoted identifier or keyword (may contain <c>$</c> after its first character).</summary>
    Word,

    /// <summary><c>"…"</c>.</summary>
    QuotedIdentifier,

    /// <summary><c>U&amp;"…"</c>.</summary>
    UnicodeIdentifier,

    /// <summary><c>'…'</c> (standard_conforming_strings on: no backslash escapes).</summary>
    String,

    /// <summary><c>E'…'</c> with backslash escapes.</summary>
    EscapeString,

    /// <summary><c>B'…'</c>.</summary>
    BitString,

    /// <summary><c>X'…'</c>.</summary>
    HexString,

    /// <summary><c>N'…'</c>.</summary>
    NationalString,

    /// <summary><c>U&amp;'…'</c>.</summary>
    UnicodeString,

    /// <summary><c>$$…$$</c> or <c>$tag$…$tag$</c>.</summary>
    DollarString,

    /// <summary><c>$1</c>.</summary>
    Parameter,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary><c>;</c>.</summary>
    Semicolon,

    /// <summary><c>(</c>.</summary>
    OpenParenthesis,

    /// <summary><c>)</c>.</summary>
    CloseParenthesis,

    /// <summary>A psql backslash command and the rest of its line.</summary>
    MetaCommand,

    /// <summary>Any other single character: operators and punctuation.</summary>
    Other,
}
