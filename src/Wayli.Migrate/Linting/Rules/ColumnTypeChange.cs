using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM204: <c>ALTER COLUMN … [SET DATA] TYPE</c> on a table this file did not create.</summary>
internal sealed class ColumnTypeChange : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM204", "column-type-change", LintSeverity.Warning,
        "ALTER COLUMN … TYPE on an existing table",
        "Changing a column's type rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, unless "
        + "the new type is binary-compatible (varchar(n) to a longer varchar or to text). Add a new column, backfill it "
        + "in batches, and swap the names in one short transaction; or suppress this for a binary-compatible change.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.AlterTable is not { } alter || !context.IsExistingTable(statement, alter.Table))
            yield break;
        foreach (var action in alter.Actions)
        {
            if (TypeChange.Parse(statement.Tokens, action) is not { } change)
                continue;
            var (table, column, type) = (alter.Table.Written, change.Column, change.Type);
            var added = column.Last + "_new";
            yield return new RuleViolation(action.Start,
                $"changing the type of {column} of {alter.Table}{context.Origin(alter.Table)} to {type} rewrites the table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
                $"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {added} {type}; "
                + $"UPDATE {table} SET {added} = {column}::{type} WHERE … (in batches); "
                + $"then in one transaction: ALTER TABLE {table} RENAME COLUMN {column} TO {column.Last}_old, RENAME COLUMN {added} TO {column}");
        }
    }
}
