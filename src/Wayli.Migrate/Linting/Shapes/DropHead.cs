using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary>
/// The head of a <c>DROP</c> statement: <c>DROP KIND [CONCURRENTLY] [IF EXISTS] name [, name …] [ON table] …</c>.
/// </summary>
/// <param name="Kind">The object kind, upper-cased.</param>
/// <param name="GuardAt">Where <c>IF EXISTS</c> stands or belongs.</param>
/// <param name="IfExists">True when <c>IF EXISTS</c> is there.</param>
/// <param name="Names">The names dropped, in order.</param>
/// <param name="Arguments">
/// Each name's argument types where a list follows it (functions, procedures, aggregates; see
/// <see cref="RoutineArguments"/>), else null.
/// </param>
/// <param name="Table">For policies, triggers and rules, the table after <c>ON</c>; else null.</param>
/// <param name="Cascade">True with <c>CASCADE</c>: objects that depend on the dropped ones go too.</param>
internal sealed record DropHead(string Kind, int GuardAt, bool IfExists, IReadOnlyList<ObjectName> Names, IReadOnlyList<string?> Arguments, ObjectName? Table, bool Cascade)
{
    /// <summary>Reads the head, or returns null when the statement is not a DROP of a known kind (<c>DROP OWNED</c> is not).</summary>
    public static DropHead? Parse(StatementTokens tokens)
    {
        if (tokens.Word(0) != "DROP")
            return null;
        var length = ObjectKinds.LengthAt(tokens, 1);
        if (length == 0)
            return null;
        var kind = ObjectKinds.Name(tokens, 1, length);
        var guardAt = 1 + length + (kind == "INDEX" && tokens.Word(1 + length) == "CONCURRENTLY" ? 1 : 0);
        var ifExists = tokens.IfExistsAt(guardAt);
        var names = new List<ObjectName>();
        var arguments = new List<string?>();
        var i = guardAt + (ifExists ? 2 : 0);
        while (tokens.NameAt(i, out var next) is { } name)
        {
            names.Add(name);
            arguments.Add(RoutineArguments.Of(tokens, next));
            i = SkipArguments(tokens, next);
            if (i >= tokens.Count || !tokens[i].IsSymbol(','))
                break;
            i++;
        }
        var table = tokens.Word(i) == "ON" ? tokens.NameAt(i + 1, out _) : null;
        return new DropHead(kind, guardAt, ifExists, names, arguments, table, tokens.IndexOf("CASCADE", i, tokens.Count) >= 0);
    }

    /// <summary>Skips a function's argument list, <c>(integer, text)</c>, when one follows its name.</summary>
    static int SkipArguments(StatementTokens tokens, int index) =>
        index < tokens.Count && tokens[index].Kind == SqlTokenKind.OpenParenthesis ? tokens.MatchingClose(index) + 1 : index;
}
