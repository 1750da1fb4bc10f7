using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

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

    /// <summary>
    /// The three steps as SQL that is safe to run again, each guarded in a DO block (PostgreSQL cannot combine two
    /// RENAMEs in one ALTER TABLE, and an unguarded RENAME fails on a second run): add the new column while the old
    /// one still has the old type, backfill it, swap the names. Each step belongs in its own migration, so that no
    /// lock of the first is held while the second runs.
    /// </summary>
    /// <example>
    /// For <c>ALTER TABLE t ALTER COLUMN a TYPE bigint</c>: <c>/* migration 1: */ DO $$ BEGIN IF (SELECT atttypid …
    /// attname = 'a' …) &lt;&gt; 'bigint'::regtype THEN ALTER TABLE t ADD COLUMN IF NOT EXISTS a_new bigint; END IF; END $$;</c>
    /// then the backfill and the swap, guarded by a_new existing.
    /// </example>
    static string Fix(ObjectName table, ObjectName column, string type)
    {
        var (added, old) = (column.Last + "_new", column.Last + "_old");
        var relation = Guards.Literal(table.Written);
        string Attribute(string name) => $"SELECT 1 FROM pg_attribute WHERE attrelid = {relation}::regclass AND attname = {Guards.Literal(name)} AND NOT attisdropped";
        var stillOldType = $"(SELECT atttypid FROM pg_attribute WHERE attrelid = {relation}::regclass AND attname = {Guards.Literal(column.Last)} AND NOT attisdropped) <> {Guards.Literal(type)}::regtype";
        var hasNew = $"EXISTS ({Attribute(added)})";
        var (t, a, n, o) = (table.Written, column.Written, Guards.Identifier(added), Guards.Identifier(old));
        return $"/* migration 1: */ {Guards.When(stillOldType, $"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {n} {type}")} "
            + $"/* migration 2 (or in batches): */ {Guards.When(hasNew, $"UPDATE {t} SET {n} = {a}::{type} WHERE {n} IS NULL AND {a} IS NOT NULL")} "
            + $"/* migration 3: */ {Guards.When(hasNew, $"ALTER TABLE {t} RENAME COLUMN {a} TO {o}; ALTER TABLE {t} RENAME COLUMN {n} TO {a}")}";
    }

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.AlterTable is not { } alter || !context.IsExistingTable(statement, alter.Table))
            yield break;
        foreach (var action in alter.Actions)
        {
            if (TypeChange.Parse(statement.Tokens, action) is not { } change)
                continue;
            yield return new RuleViolation(action.Start,
                $"changing the type of {change.Column} of {alter.Table}{context.Origin(alter.Table)} to {change.Type} rewrites the table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
                Fix(alter.Table, change.Column, change.Type));
        }
    }
}
