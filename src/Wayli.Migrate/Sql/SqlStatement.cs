namespace Wayli.Migrate.Sql;

/// <summary>
/// One slice of a script: everything from the end of the previous statement up to and including this
/// statement's terminating <c>;</c> (or the end of the script). Leading comments and whitespace belong
/// to the slice, so the slices of a script concatenate back to it exactly.
/// </summary>
/// <param name="Index">0-based position among the script's statements.</param>
/// <param name="Offset">UTF-16 offset of <paramref name="Text"/> within the script.</param>
/// <param name="Text">The exact slice of the script; this is what is sent to the server.</param>
/// <param name="StartOffset">
/// UTF-16 offset in the script of the first character that is neither whitespace nor comment;
/// <c>Offset + Text.Length</c> when the slice holds nothing else.
/// </param>
/// <param name="Line">1-based line of <paramref name="StartOffset"/>.</param>
/// <param name="Column">1-based column of <paramref name="StartOffset"/>, in Unicode code points.</param>
/// <param name="IsEmpty">True when the slice holds only whitespace, comments and/or a lone <c>;</c>.</param>
public sealed record SqlStatement(
    int Index,
    int Offset,
    string Text,
    int StartOffset,
    int Line,
    int Column,
    bool IsEmpty)
{
    /// <summary>
    /// The leading unquoted words of the statement, upper-cased, skipping comments and whitespace and
    /// stopping at the first token that is not such a word (a parenthesis, a quote, a number…).
    /// </summary>
    /// <example>
    /// <c>/* x */ create unique index concurrently if not exists foo on t (a);</c> with
    /// <paramref name="max"/> 4 gives <c>CREATE, UNIQUE, INDEX, CONCURRENTLY</c>.
    /// </example>
    /// <param name="max">The most words to return.</param>
    public IReadOnlyList<string> Keywords(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var words = new List<string>(Math.Min(max, 8));
        var scanner = new SqlScanner(Text);
        while (words.Count < max && scanner.Next(out var token))
        {
            if (token.IsTrivia)
                continue;

            if (token.Kind != SqlTokenKind.Word)
                break;

            words.Add(Text.Substring(token.Start, token.Length).ToUpperInvariant());
        }

        return words.AsReadOnly();
    }
}
