namespace Wayli.Migrate.Sql;

/// <summary>
/// A lexed script: its statements in order, what stops it from running as plain SQL, and the means to
/// turn offsets and server error positions into the line and column a person looks for.
/// </summary>
public sealed class SqlScript
{
    readonly LineMap _lines;

    internal SqlScript(string text, IReadOnlyList<SqlStatement> statements, IReadOnlyList<SqlProblem> problems, LineMap lines)
    {
        Text = text;
        Statements = statements;
        Problems = problems;
        _lines = lines;
    }

    /// <summary>
    /// The statements in order. Their texts concatenate back to <see cref="Text"/>, even for broken
    /// input; an empty script has none.
    /// </summary>
    public IReadOnlyList<SqlStatement> Statements { get; }

    /// <summary>Problems in order of position; empty when the script lexes cleanly.</summary>
    public IReadOnlyList<SqlProblem> Problems { get; }

    /// <summary>The script as given to <see cref="SqlLexer.Split"/>.</summary>
    public string Text { get; }

    /// <summary>Line and code-point column of a UTF-16 offset; the end of the script is a valid offset.</summary>
    /// <param name="utf16Offset">From 0 to <c>Text.Length</c>.</param>
    public SqlLocation Locate(int utf16Offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(utf16Offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(utf16Offset, Text.Length);
        return _lines.Locate(utf16Offset);
    }

    /// <summary>
    /// Where in the file a PostgreSQL error position points, when <paramref name="statement"/>'s
    /// <see cref="SqlStatement.Text"/> was sent on its own.
    /// </summary>
    /// <example>
    /// For a statement <c>select '😀', nope;</c> the server reports position 14 for <c>nope</c>
    /// (the emoji is one character to it, two UTF-16 units here); this returns column 14 of its line.
    /// </example>
    /// <param name="statement">A statement of this script.</param>
    /// <param name="position">
    /// The server's 1-based position, in Unicode code points; past the end means the end of the
    /// statement ("at end of input").
    /// </param>
    public SqlLocation LocateServerPosition(SqlStatement statement, int position)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        if (statement.Offset + statement.Text.Length > Text.Length
            || string.CompareOrdinal(Text, statement.Offset, statement.Text, 0, statement.Text.Length) != 0)
        {
            throw new ArgumentException("The statement is not a slice of this script.", nameof(statement));
        }

        return _lines.Locate(statement.Offset + OffsetOfCodePoint(statement.Text, position - 1));
    }

    /// <summary>The text of a 1-based line without its line break, to print under a caret.</summary>
    /// <param name="line">From 1 to the line of the script's end.</param>
    public string LineText(int line) => _lines.LineText(line);

    /// <summary>The number of lines (a text ending in a line break has an empty last line).</summary>
    public int LineCount => _lines.LineCount;

    static int OffsetOfCodePoint(string text, int codePoints)
    {
        var offset = 0;
        for (var seen = 0; seen < codePoints && offset < text.Length; seen++)
        {
            var isPair = char.IsHighSurrogate(text[offset])
                && offset + 1 < text.Length
                && char.IsLowSurrogate(text[offset + 1]);
            offset += isPair ? 2 : 1;
        }

        return offset;
    }
}
