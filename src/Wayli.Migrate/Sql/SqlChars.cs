using System.Buffers;

namespace Wayli.Migrate.Sql;

/// <summary>
/// Character classes of PostgreSQL's scanner (scan.l) and psql's (psqlscan.l). Every non-ASCII
/// character counts as a letter there, so it does here too (the server sees UTF-8 bytes ≥ 0x80).
/// </summary>
internal static class SqlChars
{
    /// <summary>PostgreSQL's <c>space</c>: the only characters that separate tokens.</summary>
    public static readonly SearchValues<char> Spaces = SearchValues.Create(" \t\n\r\f\v");

    /// <summary>Line breaks; a CR LF pair is one break, handled by the callers.</summary>
    public static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n");

    /// <summary>True for <c>[ \t\n\r\f\v]</c>.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    /// <summary>First character of an identifier or dollar-quote tag: a letter, <c>_</c> or non-ASCII.</summary>
    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    /// <summary>Later characters of a dollar-quote tag: like an identifier, but never <c>$</c>.</summary>
    public static bool IsTagPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c >= '\u0080';

    /// <summary>Later characters of an identifier: <c>$</c> is allowed, so <c>foo$$</c> is one word.</summary>
    public static bool IsIdentifierPart(char c) => IsTagPart(c) || c == '$';
}
