using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>
/// WM203: <c>ALTER COLUMN … SET NOT NULL</c> on a table this file did not create, unless the file validated a
/// <c>CHECK (column IS NOT NULL)</c> constraint on it before (what the fix writes), which spares the scan.
/// </summary>
internal sealed class SetNotNull : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM203", "set-not-null", LintSeverity.Warning,
        "ALTER COLUMN … SET NOT NULL on an existing table",
        "SET NOT NULL reads the whole table to check it while holding an ACCESS EXCLUSIVE lock, which blocks reads and "
        + "writes. Since PostgreSQL 12 a validated CHECK (column IS NOT NULL) lets it skip the scan: add the check NOT "
        + "VALID, VALIDATE it (which allows writes meanwhile), then SET NOT NULL and drop the check.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.AlterTable is not { } alter || !context.IsExistingTable(statement, alter.Table))
            yield break;
        for (var i = 0; i < alter.Actions.Count; i++)
        {
            var action = alter.Actions[i];
            if (action is not { Kind: TableActionKind.AlterColumn, Name: { } column } || !statement.Tokens.WordsAt(action.DetailAt, "SET", "NOT", "NULL")
                || context.File.HasValidNotNullCheck(statement.PositionOf(i), alter.Table, column))
            {
                continue;
            }
            var table = alter.Table.Written;
            var check = $"{alter.Table.Last}_{column.Last}_not_null";
            yield return new RuleViolation(action.Start,
                $"SET NOT NULL on {column} of {alter.Table}{context.Origin(alter.Table)} scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
                $"ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({column} IS NOT NULL) NOT VALID; "
                + $"ALTER TABLE {table} VALIDATE CONSTRAINT {check}; "
                + $"ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL; "
                + $"ALTER TABLE {table} DROP CONSTRAINT {check};");
        }
    }
}
