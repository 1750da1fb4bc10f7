using System.Text;

namespace Wayli.Migrate.Sql;

/// <summary>
/// Spots <c>COPY … FROM STDIN</c>: a statement whose rows psql would read from the lines after it,
/// which no driver can send from a migration file. <c>COPY t FROM '/file'</c> is plain SQL and passes.
/// </summary>
internal struct CopyFromStdinDetector
{
    bool _isCopy;
    bool _afterFrom;

    /// <summary>Forgets everything: called when a statement ends.</summary>
    public void Reset() => this = default;

    /// <summary>
    /// Feeds each significant token of the statement; returns true at the STDIN of
    /// <c>COPY … FROM STDIN</c>.
    /// </summary>
    public bool Observe(SqlToken token, ReadOnlySpan<char> text, bool isFirst, int parenthesisDepth)
    {
        var word = token.Kind == SqlTokenKind.Word ? text.Slice(token.Start, token.Length) : [];
        if (isFirst)
        {
            _isCopy = Ascii.EqualsIgnoreCase(word, "copy");
            return false;
        }

        var wasAfterFrom = _afterFrom;
        _afterFrom = _isCopy && parenthesisDepth == 0 && Ascii.EqualsIgnoreCase(word, "from");
        return wasAfterFrom && Ascii.EqualsIgnoreCase(word, "stdin");
    }

    /// <summary>
    /// Where the inline rows after a COPY end: just past the line holding only <c>\.</c>, or the end
    /// of the text. psql reads the rows from the lines after the one that ends the COPY statement.
    /// </summary>
    public static int FindDataEnd(ReadOnlySpan<char> text, int from)
    {
        var lineStart = NextLineStart(text, from);
        while (lineStart < text.Length)
        {
            var next = NextLineStart(text, lineStart);
            var line = text[lineStart..next].TrimEnd("\r\n");
            if (line.SequenceEqual(@"\."))
                return next;

            lineStart = next;
        }

        return text.Length;
    }

    static int NextLineStart(ReadOnlySpan<char> text, int from)
    {
        var length = text[from..].IndexOfAny(SqlChars.LineBreaks);
        if (length < 0)
            return text.Length;

        var i = from + length;
        return text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? i + 2 : i + 1;
    }
}
