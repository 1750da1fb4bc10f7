using System.Text;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary>One-line sketches of a statement's tokens, the form lint fixes are written in.</summary>
internal static class TokenSketch
{
    const int ShortGroup = 32;

    /// <summary>
    /// A one-line sketch of tokens <c>[from, to)</c> for a fix: whitespace collapsed, long parenthesised lists, bodies
    /// and long strings shortened to <c>…</c>, <paramref name="insert"/> placed before token <paramref name="insertAt"/>,
    /// and the tail cut after <paramref name="maxPieces"/> pieces.
    /// </summary>
    /// <example>
    /// <c>create table public.trips (id bigint primary key, title text not null)</c> with <c>IF NOT EXISTS</c>
    /// inserted at 2 gives <c>create table IF NOT EXISTS public.trips (…)</c>.
    /// </example>
    public static string Sketch(this StatementTokens tokens, int from, int to, int insertAt = -1, string? insert = null, int maxPieces = 14)
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
            var (piece, last) = Abbreviate(tokens, i);
            AppendPiece(text, piece, spaced: i == insertAt || (previousEnd >= 0 && previousEnd < tokens[i].Offset));
            previousEnd = tokens[last].End;
            i = last;
            pieces++;
        }
        if (insertAt >= to && insert is not null)
            AppendPiece(text, insert, spaced: true);
        return text.ToString();
    }

    static (string Piece, int Last) Abbreviate(StatementTokens tokens, int index)
    {
        var token = tokens[index];
        switch (token.Kind)
        {
            case SqlTokenKind.OpenParenthesis:
                // A short list such as (title) or varchar(36) says something; a table's column list is elided.
                var close = tokens.MatchingClose(index);
                var whole = tokens.SliceOnOneLine(index, close + 1);
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
