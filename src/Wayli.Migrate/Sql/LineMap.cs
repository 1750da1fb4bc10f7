namespace Wayli.Migrate.Sql;

/// <summary>
/// Where each line of a script starts, to turn UTF-16 offsets into the line and column a person sees.
/// LF, CR LF and a lone CR each end a line. Columns count Unicode code points, so an emoji before
/// the caret moves it by one, as in an editor.
/// </summary>
internal sealed class LineMap
{
    readonly string _text;
    readonly int[] _starts;

    /// <summary>Indexes the line starts of <paramref name="text"/> in one vectorised pass.</summary>
    public LineMap(string text)
    {
        _text = text;
        var found = new List<int>(Math.Max(16, text.Length / 48)) { 0 };
        var span = text.AsSpan();
        var i = 0;
        while (true)
        {
            var next = span[i..].IndexOfAny(SqlChars.LineBreaks);
            if (next < 0)
                break;

            i += next;
            i += span[i] == '\r' && i + 1 < span.Length && span[i + 1] == '\n' ? 2 : 1;
            found.Add(i);
        }

        _starts = [.. found];
    }

    /// <summary>How many lines the text has; an empty text, or one ending in a line break, still has a last (empty) line.</summary>
    public int LineCount => _starts.Length;

    /// <summary>0-based index of the line holding <paramref name="offset"/>.</summary>
    public int LineIndexOf(int offset)
    {
        var index = Array.BinarySearch(_starts, offset);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>Offset of the first character of a 0-based line.</summary>
    public int LineStart(int lineIndex) => _starts[lineIndex];

    /// <summary>1-based line and code-point column of an offset from 0 to the text's length.</summary>
    public SqlLocation Locate(int offset)
    {
        var line = LineIndexOf(offset);
        return new(line + 1, 1 + CountCodePoints(_starts[line], _starts[line], offset));
    }

    /// <summary>The text of a 1-based line without its line break.</summary>
    public string LineText(int line)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(line, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(line, _starts.Length);
        var start = _starts[line - 1];
        var end = line < _starts.Length ? _starts[line] : _text.Length;
        return _text[start..end].TrimEnd('\n').TrimEnd('\r');
    }

    /// <summary>
    /// Code points in <c>[from, to)</c>. A low surrogate is not counted when the high one before it
    /// (which may lie before <paramref name="from"/>, but not before the line start) was.
    /// </summary>
    public int CountCodePoints(int lineStart, int from, int to)
    {
        var count = to - from;
        var span = _text.AsSpan(from, to - from);
        var i = span.IndexOfAnyInRange('\uDC00', '\uDFFF');
        while (i >= 0)
        {
            var at = from + i;
            count -= at > lineStart && char.IsHighSurrogate(_text[at - 1]) ? 1 : 0;
            var next = span[(i + 1)..].IndexOfAnyInRange('\uDC00', '\uDFFF');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return count;
    }
}
