using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary>One comma-separated action of an <c>ALTER TABLE</c>, as token positions within the statement.</summary>
/// <param name="Kind">What the action does.</param>
/// <param name="Start">Its first token.</param>
/// <param name="End">The position after its last token.</param>
/// <param name="GuardAt">Where <c>IF [NOT] EXISTS</c> stands or belongs (ADD/DROP COLUMN, DROP CONSTRAINT).</param>
/// <param name="Guarded">True when that guard is there.</param>
/// <param name="Name">The column or constraint named, or null (an unnamed constraint).</param>
/// <param name="DetailAt">
/// After the column name for ADD COLUMN (its type) and ALTER COLUMN (the change); the constraint type's word
/// (<c>PRIMARY</c>, <c>CHECK</c>, …) for ADD CONSTRAINT.
/// </param>
internal sealed record TableAction(TableActionKind Kind, int Start, int End, int GuardAt, bool Guarded, ObjectName? Name, int DetailAt)
{
    static readonly HashSet<string> ConstraintTypes = ["PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE"];

    /// <summary>Classifies the tokens <c>[start, end)</c>.</summary>
    public static TableAction Parse(StatementTokens tokens, int start, int end) => tokens.Word(start) switch
    {
        "ADD" => Add(tokens, start, end),
        "DROP" => Drop(tokens, start, end),
        "ALTER" when tokens.Word(start + 1) != "CONSTRAINT" => AlterColumn(tokens, start, end),
        _ => new TableAction(TableActionKind.Other, start, end, start, false, null, start),
    };

    /// <summary>The upper-cased word that names the constraint type of an ADD CONSTRAINT, such as <c>FOREIGN</c>.</summary>
    public string? ConstraintType(StatementTokens tokens) => Kind == TableActionKind.AddConstraint ? tokens.Word(DetailAt) : null;

    static TableAction Add(StatementTokens tokens, int start, int end)
    {
        if (tokens.Word(start + 1) == "CONSTRAINT")
        {
            var name = tokens.NameAt(start + 2, out var next);
            return new TableAction(TableActionKind.AddConstraint, start, end, start + 1, false, name, next);
        }
        if (tokens.Word(start + 1) is { } type && ConstraintTypes.Contains(type))
            return new TableAction(TableActionKind.AddConstraint, start, end, start + 1, false, null, start + 1);
        var guardAt = start + 1 + (tokens.Word(start + 1) == "COLUMN" ? 1 : 0);
        var guarded = tokens.IfNotExistsAt(guardAt);
        var column = tokens.NameAt(guardAt + (guarded ? 3 : 0), out var afterName);
        return new TableAction(TableActionKind.AddColumn, start, end, guardAt, guarded, column, afterName);
    }

    static TableAction Drop(StatementTokens tokens, int start, int end)
    {
        var isConstraint = tokens.Word(start + 1) == "CONSTRAINT";
        var guardAt = start + 1 + (isConstraint || tokens.Word(start + 1) == "COLUMN" ? 1 : 0);
        var guarded = tokens.IfExistsAt(guardAt);
        var name = tokens.NameAt(guardAt + (guarded ? 2 : 0), out var next);
        var kind = isConstraint ? TableActionKind.DropConstraint : TableActionKind.DropColumn;
        return new TableAction(kind, start, end, guardAt, guarded, name, next);
    }

    static TableAction AlterColumn(StatementTokens tokens, int start, int end)
    {
        var nameAt = start + 1 + (tokens.Word(start + 1) == "COLUMN" ? 1 : 0);
        var name = tokens.NameAt(nameAt, out var next);
        return new TableAction(TableActionKind.AlterColumn, start, end, nameAt, false, name, next);
    }
}
