using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>
/// WM104: <c>ALTER TABLE … ADD CONSTRAINT</c> that can find the constraint already there when the whole file runs a
/// second time, and every constraint added without a name (which PostgreSQL names after the table and columns).
/// </summary>
/// <remarks>
/// Not reported, because the file itself makes sure the constraint is not there on a second run (see
/// <see cref="FileFacts"/>):
/// <list type="bullet">
/// <item><c>ALTER TABLE t DROP CONSTRAINT [IF EXISTS] c</c> earlier in the file or the same statement: the DROP runs
/// again first.</item>
/// <item><c>DROP TABLE [IF EXISTS] t</c> earlier, then <c>CREATE TABLE [IF NOT EXISTS] t</c>: the table is new on every
/// run, so the ADD repeats what the first run did.</item>
/// <item>The file drops c, or t, later and does not add it again (a temporary check, as WM203's fix writes): the
/// first run ends without c, so the second starts without it. A <c>CREATE TABLE IF NOT EXISTS t</c> before the ADD is
/// then new on every run too.</item>
/// </list>
/// Reported although the file creates t before the ADD: with <c>CREATE TABLE IF NOT EXISTS t</c> the second run keeps
/// the first run's table, constraint included, and the ADD fails. With a plain <c>CREATE TABLE t</c> the second run
/// fails earlier, at the CREATE (WM101), but the fix WM101 proposes (IF NOT EXISTS) leaves the ADD to fail next, so
/// both are reported at once; the message says the table comes from this file.
/// </remarks>
internal sealed class AddConstraintUnguarded : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM104", "add-constraint-unguarded", LintSeverity.Error,
        "ALTER TABLE … ADD CONSTRAINT not guarded by an existence check",
        "PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS: adding a constraint that exists fails, and a constraint added "
        + "without a name is added again under a new name on every run (a second primary key fails). Name the constraint "
        + "and add it in a DO block that checks pg_constraint first, or drop it with DROP CONSTRAINT IF EXISTS earlier "
        + "in the same file. A constraint the same file drops again later, or adds to a table it drops before creating, "
        + "is not flagged.");

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
                || context.File.AbsentWhenRunAgain(statement.PositionOf(a), "CONSTRAINT", new ObjectName([folded], name), alter.Table))
            {
                continue;
            }
            var message = action.Name is not null
                ? $"ADD CONSTRAINT {action.Name} on {alter.Table} is not guarded: when the file runs again it fails because the constraint already exists{context.CreatedEarlier(statement, alter.Table)}"
                : tokens.Word(action.DetailAt) == "PRIMARY"
                    ? $"ADD PRIMARY KEY on {alter.Table} without a constraint name or guard: when the file runs again it fails because the table already has one{context.CreatedEarlier(statement, alter.Table)}"
                    : $"ADD {ConstraintNames.TypeOf(tokens, action)} on {alter.Table} without a constraint name: every run adds another copy under a new name";
            var fix = Guards.When("NOT " + ConstraintNames.Exists(folded, alter.Table), ConstraintNames.NamedAction(statement, alter, action));
            yield return new RuleViolation(action.Start, message, fix);
        }
    }
}
