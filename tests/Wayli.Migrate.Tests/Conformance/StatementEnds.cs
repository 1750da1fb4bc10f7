using System.Text;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Conformance;

/// <summary>
/// Where <see cref="SqlLexer"/>'s statements end, in the terms PostgreSQL's parser reports them
/// (<c>stmt_location + stmt_len</c>): UTF-8 byte offsets of each statement's terminating <c>;</c>,
/// or the byte length of the text for a last statement without one. Empty slices (only whitespace,
/// comments or a lone <c>;</c>) are no statement to PostgreSQL, so they have no end here either.
/// </summary>
/// <example>
/// <c>"select 1;\nselect 'é'"</c> gives <c>[8, 21]</c>: the first <c>;</c> is byte 8, and the
/// second statement runs to the end of the 21 bytes (the é takes two).
/// </example>
internal static class StatementEnds
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A corpus file's text as the migration loader sees it: strict UTF-8, a leading BOM removed.</summary>
    public static string Load(string path)
    {
        ReadOnlySpan<byte> content = File.ReadAllBytes(path);
        if (content.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }

        return StrictUtf8.GetString(content);
    }

    /// <summary>The UTF-8 byte offsets where the non-empty statements of <paramref name="script"/> end.</summary>
    public static IReadOnlyList<int> Of(SqlScript script)
    {
        var ends = new List<int>();
        var chars = 0;
        var bytes = 0;
        foreach (var statement in script.Statements.Where(s => !s.IsEmpty))
        {
            var end = EndOf(script, statement);
            bytes += Encoding.UTF8.GetByteCount(script.Text.AsSpan(chars, end - chars));
            chars = end;
            ends.Add(bytes);
        }

        return ends;
    }

    /// <summary>The UTF-16 offset of a character given by its UTF-8 byte offset (clamped to the text).</summary>
    public static int CharOffset(string text, int byteOffset)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return Encoding.UTF8.GetCharCount(utf8, 0, Math.Clamp(byteOffset, 0, utf8.Length));
    }

    /// <summary>
    /// The UTF-16 offset of the statement's terminating <c>;</c>, or of the end of its slice when it has none.
    /// </summary>
    private static int EndOf(SqlScript script, SqlStatement statement)
    {
        var sliceEnd = statement.Offset + statement.Text.Length;
        if (!statement.Text.EndsWith(';'))
        {
            return sliceEnd;
        }

        if (sliceEnd < script.Text.Length)
        {
            return sliceEnd - 1;
        }

        // The last slice may end with a ';' that terminates nothing: "select 1 -- ;". One more space tells
        // them apart: after a terminating ';' it starts a slice of its own; in a comment it joins this one.
        var probe = SqlLexer.Split(script.Text + " ");
        return probe.Statements[statement.Index].Text.Length == statement.Text.Length ? sliceEnd - 1 : sliceEnd;
    }
}
