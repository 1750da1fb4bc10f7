using System.Globalization;

namespace Wayli.Migrate.Sql;

/// <summary>
/// Every message the lexer reports, in one place. Each says what was found and what to do about it;
/// the problem's line and column point at where the construct starts.
/// </summary>
internal static class SqlMessages
{
    const int LongestCommandName = 32;

    /// <summary>For a quote, comment or dollar quote that the file never closes.</summary>
    /// <example>unterminated dollar-quoted string $fn$ (opened here)</example>
    public static string Unterminated(SqlToken token, ReadOnlySpan<char> text) =>
        string.Create(CultureInfo.InvariantCulture, $"unterminated {Describe(token, text)} (opened here)");

    /// <summary>For a backslash command, which only psql understands.</summary>
    /// <example>psql meta-command \i is not SQL; run the file with psql or remove it</example>
    public static string MetaCommand(ReadOnlySpan<char> command)
    {
        var name = command[1..];
        var end = name.IndexOfAny(" \t\f\v\\");
        name = end < 0 ? name : name[..end];
        name = name.Length > LongestCommandName ? name[..LongestCommandName] : name;
        return string.Create(CultureInfo.InvariantCulture, $"psql meta-command \\{name} is not SQL; run the file with psql or remove it");
    }

    /// <summary>For <c>COPY … FROM STDIN</c>, whose rows follow the statement in a psql script.</summary>
    public const string CopyFromStdin =
        "COPY ... FROM STDIN needs data from psql; load the rows with INSERT statements, or COPY from a file on the server";

    /// <summary>For a <c>(</c> still open at the end of the file: psql would not split after it.</summary>
    public const string UnclosedParenthesis =
        "unclosed parenthesis (opened here): every ';' after it belongs to this statement; add the missing ')'";

    /// <summary>For a <c>BEGIN</c> in CREATE FUNCTION/PROCEDURE that no <c>END</c> closes.</summary>
    public const string UnclosedBeginBlock =
        "BEGIN without END in CREATE FUNCTION/PROCEDURE (opened here): every ';' after it belongs to this statement; "
        + "close the BEGIN ATOMIC body with END, or quote an identifier named begin";

    static string Describe(SqlToken token, ReadOnlySpan<char> text) => token.Kind switch
    {
        SqlTokenKind.BlockComment => "block comment /* ... */",
        SqlTokenKind.QuotedIdentifier => "quoted identifier \"...\"",
        SqlTokenKind.UnicodeIdentifier => "quoted identifier U&\"...\"",
        SqlTokenKind.EscapeString => "escape string E'...'",
        SqlTokenKind.BitString => "bit string B'...'",
        SqlTokenKind.HexString => "hex string X'...'",
        SqlTokenKind.NationalString => "string N'...'",
        SqlTokenKind.UnicodeString => "string U&'...'",
        SqlTokenKind.DollarString => "dollar-quoted string " + DollarTag(token, text),
        _ => "quoted string '...'",
    };

    static string DollarTag(SqlToken token, ReadOnlySpan<char> text)
    {
        var opening = text.Slice(token.Start + 1, token.Length - 1);
        return string.Concat("$", opening[..(opening.IndexOf('$') + 1)]);
    }
}
