using System.Text;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary>
/// The significant tokens of one statement (comments, whitespace and the final <c>;</c> dropped), with their offsets
/// and parenthesis depth, so rules read a statement's shape rather than search its text: a keyword in a comment, a
/// string or a function body never counts.
/// </summary>
internal sealed class LintTokens
{
    const int ShortGroup = 32;

    readonly List<LintToken> tokens = [];
    readonly string source;

    LintTokens(string text)
    {
        source = text;
        var scanner = new SqlScanner(text);
        var depth = 0;
        while (scanner.Next(out var token))
        {
            if (token.IsTrivia || token.Kind == SqlTokenKind.Semicolon)
                continue;
            if (token.Kind == SqlTokenKind.CloseParenthesis && depth > 0)
                depth--;
            var original = text.Substring(token.Start, token.Length);
            var word = token.Kind == SqlTokenKind.Word ? original.ToUpperInvariant() : null;
            tokens.Add(new LintToken(token.Kind, original, word, token.Start, depth));
            if (token.Kind == SqlTokenKind.OpenParenthesis)
                depth++;
        }
    }

    /// <summary>Tokenises a statement's text.</summary>
    public static LintTokens Of(string text) => new(text);

    /// <summary>How many significant tokens there are.</summary>
    public int Count => tokens.Count;

    /// <summary>The token at <paramref name="index"/>.</summary>
    public LintToken this[int index] => tokens[index];

    /// <summary>The upper-cased bare word at <paramref name="index"/>, or null (past the end, or not a bare word).</summary>
    public string? Word(int index) => index >= 0 && index < tokens.Count ? tokens[index].Word : null;

    /// <summary>True when the bare words starting at <paramref name="index"/> are <paramref name="words"/>, in order.</summary>
    public bool WordsAt(int index, params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (Word(index + i) != words[i])
                return false;
        }
        return true;
    }

    /// <summary>True when <c>IF NOT EXISTS</c> starts at <paramref name="index"/>.</summary>
    public bool IfNotExistsAt(int index) => WordsAt(index, "IF", "NOT", "EXISTS");

    /// <summary>True when <c>IF EXISTS</c> starts at <paramref name="index"/>.</summary>
    public bool IfExistsAt(int index) => WordsAt(index, "IF", "EXISTS");

    /// <summary>
    /// The first position in <c>[from, to)</c> of a bare word at parenthesis depth <paramref name="depth"/> (any depth
    /// when negative), or -1.
    /// </summary>
    public int IndexOf(string word, int from, int to, int depth = 0)
    {
        for (var i = Math.Max(from, 0); i < Math.Min(to, tokens.Count); i++)
        {
            if ((depth < 0 || tokens[i].Depth == depth) && tokens[i].Word == word)
                return i;
        }
        return -1;
    }

    /// <summary>
    /// True when <paramref name="first"/> is directly followed by <paramref name="second"/> in <c>[from, to)</c> at that
    /// depth (any depth when negative).
    /// </summary>
    public bool ContainsPair(string first, string second, int from, int to, int depth = 0)
    {
        for (var i = IndexOf(first, from, to, depth); i >= 0; i = IndexOf(first, i + 1, to, depth))
        {
            if (i + 1 < to && Word(i + 1) == second)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The possibly qualified, possibly quoted name at <paramref name="index"/> (<c>storage."Objects"</c>), or null;
    /// <paramref name="next"/> is the position after it.
    /// </summary>
    public ObjectName? NameAt(int index, out int next)
    {
        next = index;
        var parts = new List<string>();
        var i = index;
        while (i < tokens.Count && tokens[i].IsIdentifier)
        {
            parts.Add(ObjectName.Fold(tokens[i].Original));
            next = i + 1;
            if (i + 2 >= tokens.Count || !tokens[i + 1].IsSymbol('.'))
                break;
            i += 2;
        }
        return parts.Count == 0 ? null : new ObjectName(parts, Slice(index, next));
    }

    /// <summary>The position of the parenthesis closing the one at <paramref name="open"/>, or the last token when unbalanced.</summary>
    public int MatchingClose(int open)
    {
        var depth = tokens[open].Depth;
        for (var i = open + 1; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == SqlTokenKind.CloseParenthesis && tokens[i].Depth == depth)
                return i;
        }
        return tokens.Count - 1;
    }

    /// <summary>The source text of tokens <c>[from, to)</c>, exactly as written between them.</summary>
    public string Slice(int from, int to) => to <= from ? "" : source[tokens[from].Offset..tokens[to - 1].End];

    /// <summary>The source text of tokens <c>[from, to)</c> on one line: every run of whitespace becomes one space.</summary>
    public string SliceOnOneLine(int from, int to) =>
        string.Join(' ', Slice(from, to).Split((char[])[' ', '\t', '\r', '\n', '\f', '\v'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The plain column names in the parenthesised list at or after <paramref name="from"/> (before <paramref name="to"/>),
    /// such as <c>user_id, started_at</c> from <c>(user_id, started_at DESC)</c>; expressions are skipped.
    /// </summary>
    public IReadOnlyList<string> ColumnsAfter(int from, int to)
    {
        var open = from;
        while (open < to && tokens[open].Kind != SqlTokenKind.OpenParenthesis)
            open++;
        var columns = new List<string>();
        if (open >= to)
            return columns;
        var depth = tokens[open].Depth + 1;
        var close = MatchingClose(open);
        for (var i = open + 1; i < close; i++)
        {
            var startsItem = tokens[i - 1].Kind == SqlTokenKind.OpenParenthesis && i - 1 == open || tokens[i - 1].IsSymbol(',') && tokens[i - 1].Depth == depth;
            if (startsItem && tokens[i].IsIdentifier && tokens[i].Depth == depth)
                columns.Add(ObjectName.Fold(tokens[i].Original));
        }
        return columns;
    }

    /// <summary>
    /// A one-line sketch of tokens <c>[from, to)</c> for a fix: whitespace collapsed, long parenthesised lists, bodies
    /// and long strings shortened to <c>…</c>, <paramref name="insert"/> placed before token <paramref name="insertAt"/>,
    /// and the tail cut after <paramref name="maxPieces"/> pieces.
    /// </summary>
    /// <example>
    /// <c>create table public.trips (id bigint primary key, title text not null)</c> with <c>IF NOT EXISTS</c>
    /// inserted at 2 gives <c>create table IF NOT EXISTS public.trips (…)</c>.
    /// </example>
    public string Sketch(int from, int to, int insertAt = -1, string? insert = null, int maxPieces = 14)
    {
        var text = new StringBuilder();
        var previousEnd = -1;
        var pieces = 0;
        to = Math.Min(to, tokens.Count);
        for (var i = from; i < to; i++)
        {
            if (i == insertAt)
                AppendPiece(text, insert!, spaced: true);
            if (pieces >= maxPieces)
            {
                // Too long to show whole: keep the head, elide the middle, and still show what the fix inserts.
                text.Append(" …");
                if (insertAt > i && insert is not null)
                    AppendPiece(text, insert, spaced: true);
                if (insertAt > i && insertAt < to)
                    text.Append(" …");
                return text.ToString();
            }
            var (piece, last) = Abbreviate(i);
            AppendPiece(text, piece, spaced: i == insertAt || (previousEnd >= 0 && previousEnd < tokens[i].Offset));
            previousEnd = tokens[last].End;
            i = last;
            pieces++;
        }
        if (insertAt >= to && insert is not null)
            AppendPiece(text, insert, spaced: true);
        return text.ToString();
    }

    (string Piece, int Last) Abbreviate(int index)
    {
        var token = tokens[index];
        switch (token.Kind)
        {
            case SqlTokenKind.OpenParenthesis:
                // A short list such as (title) or varchar(36) says something; a table's column list is elided.
                var close = MatchingClose(index);
                var whole = SliceOnOneLine(index, close + 1);
                return (whole.Length <= ShortGroup ? whole : "(…)", close);
            case SqlTokenKind.DollarString:
                var tagLength = token.Original.IndexOf('$', 1) + 1;
                return (tagLength > 0 ? $"{token.Original[..tagLength]}…{token.Original[..tagLength]}" : "$$…$$", index);
            case SqlTokenKind.String when token.Original.Length > 32:
                return (token.Original[..24] + "…'", index);
            default:
                return (token.Original, index);
        }
    }

    static void AppendPiece(StringBuilder text, string piece, bool spaced)
    {
        if (spaced && text.Length > 0)
            text.Append(' ');
        text.Append(piece);
    }
}
