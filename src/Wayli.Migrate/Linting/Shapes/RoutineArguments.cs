using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary>
/// The argument types of a function or procedure as written after its name, reduced to a form two statements can be
/// compared by: <c>(p_user uuid, IN limit_ int DEFAULT 10)</c> and <c>(uuid, integer)</c> both give <c>UUID,INTEGER</c>.
/// </summary>
/// <remarks>
/// The reduction is deliberately simple: argument names and modes, defaults and a few type spellings
/// (<c>int</c>, <c>int4</c>, <c>bool</c>, <c>varchar</c>, …) are normalised; anything else is compared as written. Two
/// lists that mean the same but are spelled differently then do not match, which only makes the linter report more.
/// </remarks>
internal static class RoutineArguments
{
    // Words a type can start with that are followed by more words of the same type: "double precision".
    static readonly HashSet<string> MultiWordTypeStarts =
        ["DOUBLE", "CHARACTER", "CHAR", "BIT", "NATIONAL", "NCHAR", "TIMESTAMP", "TIME", "INTERVAL", "SETOF"];

    static readonly HashSet<string> Modes = ["IN", "OUT", "INOUT", "VARIADIC"];

    static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["INT"] = "INTEGER",
        ["INT4"] = "INTEGER",
        ["INT8"] = "BIGINT",
        ["INT2"] = "SMALLINT",
        ["BOOL"] = "BOOLEAN",
        ["FLOAT8"] = "DOUBLE PRECISION",
        ["FLOAT4"] = "REAL",
        ["DECIMAL"] = "NUMERIC",
        ["VARCHAR"] = "CHARACTER VARYING",
        ["TIMESTAMPTZ"] = "TIMESTAMP WITH TIME ZONE",
        ["TIMETZ"] = "TIME WITH TIME ZONE",
    };

    /// <summary>The reduced argument list in the parentheses at <paramref name="open"/>, or null when no list starts there.</summary>
    public static string? Of(StatementTokens tokens, int open)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (open >= tokens.Count || tokens[open].Kind != SqlTokenKind.OpenParenthesis)
            return null;
        var close = tokens.MatchingClose(open);
        var depth = tokens[open].Depth + 1;
        var arguments = new List<string>();
        var start = open + 1;
        for (var i = open + 1; i <= close; i++)
        {
            if (i < close && !(tokens[i].Depth == depth && tokens[i].IsSymbol(',')))
                continue;
            if (i > start)
                arguments.Add(Reduce(tokens, start, i, depth));
            start = i + 1;
        }
        return string.Join(',', arguments);
    }

    static string Reduce(StatementTokens tokens, int from, int to, int depth)
    {
        var parts = new List<string>();
        for (var i = from; i < to; i++)
        {
            // A default ends the type: "limit_ int DEFAULT 10", "limit_ int = 10".
            if (tokens[i].Depth == depth && (tokens[i].Word == "DEFAULT" || tokens[i].IsSymbol('=')))
                break;
            parts.Add(tokens[i].Word is { } word ? Aliases.GetValueOrDefault(word, word) : tokens[i].Original);
        }
        if (parts.Count > 1 && Modes.Contains(parts[0]))
            parts.RemoveAt(0);
        // "p_user uuid": a first word followed by more is the argument's name, unless it starts a type of several words.
        if (parts.Count > 1 && tokens[from].IsIdentifier && !MultiWordTypeStarts.Contains(parts[0]))
            parts.RemoveAt(0);
        return string.Join(' ', parts);
    }
}
