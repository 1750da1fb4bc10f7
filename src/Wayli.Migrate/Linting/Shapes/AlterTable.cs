using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary><c>ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, action …]</c>, split into its actions.</summary>
/// <param name="Table">The table altered.</param>
/// <param name="IfExists">True when <c>IF EXISTS</c> follows <c>ALTER TABLE</c>.</param>
/// <param name="HeadEnd">The position of the first action.</param>
/// <param name="Actions">The actions in order.</param>
internal sealed record AlterTable(ObjectName Table, bool IfExists, int HeadEnd, IReadOnlyList<TableAction> Actions)
{
    /// <summary>Reads the statement, or returns null when it is not an ALTER TABLE of one named table.</summary>
    public static AlterTable? Parse(StatementTokens tokens)
    {
        if (!tokens.WordsAt(0, "ALTER", "TABLE"))
            return null;
        var ifExists = tokens.IfExistsAt(2);
        var i = 2 + (ifExists ? 2 : 0);
        i += tokens.Word(i) == "ONLY" ? 1 : 0;
        if (tokens.NameAt(i, out var next) is not { } table || table.Last == "all" && tokens.Word(next) == "IN")
            return null;
        if (next < tokens.Count && tokens[next].IsSymbol('*'))
            next++;
        return new AlterTable(table, ifExists, next, SplitActions(tokens, next));
    }

    static List<TableAction> SplitActions(StatementTokens tokens, int start)
    {
        var actions = new List<TableAction>();
        for (var i = start; i <= tokens.Count; i++)
        {
            if (i < tokens.Count && !(tokens[i].Depth == 0 && tokens[i].IsSymbol(',')))
                continue;
            if (i > start)
                actions.Add(TableAction.Parse(tokens, start, i));
            start = i + 1;
        }
        return actions;
    }
}
