using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary>An <c>ALTER [COLUMN] name [SET DATA] TYPE type [COLLATE …] [USING expression]</c> action.</summary>
/// <param name="Column">The column whose type changes.</param>
/// <param name="Type">The new type as written, on one line (<c>varchar(255)</c>).</param>
/// <param name="Using">The position of <c>USING</c>, or -1.</param>
internal sealed record TypeChange(ObjectName Column, string Type, int Using)
{
    /// <summary>Reads the action, or returns null when it is not a type change.</summary>
    public static TypeChange? Parse(StatementTokens tokens, TableAction action)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(action);
        if (action is not { Kind: TableActionKind.AlterColumn, Name: { } column })
            return null;
        var typeAt = tokens.Word(action.DetailAt) == "TYPE" ? action.DetailAt + 1
            : tokens.WordsAt(action.DetailAt, "SET", "DATA", "TYPE") ? action.DetailAt + 3
            : -1;
        if (typeAt < 0)
            return null;
        var usingAt = tokens.IndexOf("USING", typeAt, action.End);
        var collateAt = tokens.IndexOf("COLLATE", typeAt, action.End);
        var typeEnd = collateAt >= 0 ? collateAt : usingAt >= 0 ? usingAt : action.End;
        return new TypeChange(column, tokens.SliceOnOneLine(typeAt, typeEnd), usingAt);
    }
}
