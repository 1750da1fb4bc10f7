using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>
/// WM104: <c>ALTER TABLE … ADD CONSTRAINT</c> with no <c>DROP CONSTRAINT [IF EXISTS]</c> of that name on that table
/// earlier in the file (or in the same statement), and every constraint added without a name.
/// </summary>
internal sealed class AddConstraintUnguarded : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM104", "add-constraint-unguarded", LintSeverity.Error,
        "ALTER TABLE … ADD CONSTRAINT not guarded by an existence check",
        "PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS: adding a constraint that exists fails, and a constraint added "
        + "without a name is added again under a new name on every run (a second primary key fails). Name the constraint "
        + "and add it in a DO block that checks pg_constraint first, or drop it with DROP CONSTRAINT IF EXISTS earlier "
        + "in the same file.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.AlterTable is not { } alter)
            yield break;
        for (var a = 0; a < alter.Actions.Count; a++)
        {
            var action = alter.Actions[a];
            var tokens = statement.Tokens;
            var name = ConstraintNames.Of(tokens, alter.Table, action);
            var folded = action.Name?.Last ?? name;
            if (action.Kind != TableActionKind.AddConstraint
                || context.File.DroppedBefore(statement.PositionOf(a), "CONSTRAINT", new ObjectName([folded], name), alter.Table)
                || context.File.DroppedTableBefore(statement.Position, alter.Table))
            {
                continue;
            }
            var message = action.Name is not null
                ? $"ADD CONSTRAINT {action.Name} on {alter.Table} is not guarded: when the file runs again it fails because the constraint already exists"
                : tokens.Word(action.DetailAt) == "PRIMARY"
                    ? $"ADD PRIMARY KEY on {alter.Table} without a constraint name or guard: when the file runs again it fails because the table already has one"
                    : $"ADD {ConstraintNames.TypeOf(tokens, action)} on {alter.Table} without a constraint name: every run adds another copy under a new name";
            var fix = Guards.When("NOT " + ConstraintNames.Exists(folded, alter.Table), ConstraintNames.NamedAction(statement, alter, action));
            yield return new RuleViolation(action.Start, message, fix);
        }
    }
}
