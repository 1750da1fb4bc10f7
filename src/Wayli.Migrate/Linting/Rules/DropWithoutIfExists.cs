using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>
/// WM108: <c>DROP …</c> and <c>ALTER TABLE … DROP COLUMN/CONSTRAINT</c> without <c>IF EXISTS</c>, of something that can
/// be gone already when the whole file runs a second time.
/// </summary>
/// <remarks>
/// Not reported, because the file itself makes sure the object is there on a second run (see <see cref="FileFacts"/>):
/// <list type="bullet">
/// <item>The file creates it earlier: <c>CREATE TABLE IF NOT EXISTS t …; DROP TABLE t</c>, <c>CREATE OR REPLACE VIEW
/// v …; DROP VIEW v</c>, <c>ADD COLUMN IF NOT EXISTS c …; DROP COLUMN c</c>, <c>ADD CONSTRAINT c …; DROP CONSTRAINT c</c>.
/// Whatever the second run finds, once that statement has succeeded the object exists. A plain CREATE counts too: if
/// it fails on the second run, that is WM101's finding, and its fix (IF NOT EXISTS) keeps the object there.</item>
/// <item>The file creates it again later and does not drop it after that: <c>DROP VIEW v; CREATE VIEW v …</c>. The first
/// run ends with the object, so the second starts with it.</item>
/// <item>A column or constraint of a table the file creates anew (dropped before, or for good at the end): the DROP
/// repeats what the first run did.</item>
/// </list>
/// Reported although the file creates the table before: a column or constraint declared in
/// <c>CREATE TABLE IF NOT EXISTS t (…)</c> is gone on the second run once the first run has dropped it, since the
/// CREATE keeps the first run's table.
/// </remarks>
internal sealed class DropWithoutIfExists : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM108", "drop-without-if-exists", LintSeverity.Error,
        "DROP … without IF EXISTS",
        "Dropping an object, column or constraint that is already gone fails, so the file cannot run twice. "
        + "Write DROP … IF EXISTS (ALTER TABLE … DROP COLUMN IF EXISTS, DROP CONSTRAINT IF EXISTS). A DROP of something "
        + "the same file creates before it, or creates again later, is not flagged: a second run drops what that run or "
        + "the first one created.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.Drop is { IfExists: false } drop
            && !(drop.Names.Count > 0 && Enumerable.Range(0, drop.Names.Count)
                .All(i => context.File.ExistsWhenRunAgain(statement.Position, drop.Kind, drop.Names[i], drop.Table, drop.Arguments[i]))))
        {
            var target = drop.Names.Count == 0 ? drop.Kind : $"{drop.Kind} {string.Join(", ", drop.Names)}";
            yield return new RuleViolation(0,
                $"DROP {target} has no IF EXISTS: when the file runs again it fails because the {drop.Kind.ToLowerInvariant()} is already gone",
                statement.SketchWith(drop.GuardAt, "IF EXISTS"));
        }
        if (statement.AlterTable is not { } alter)
            yield break;
        for (var i = 0; i < alter.Actions.Count; i++)
        {
            var action = alter.Actions[i];
            if (action is not { Kind: TableActionKind.DropColumn or TableActionKind.DropConstraint, Guarded: false, Name: { } name })
                continue;
            var what = action.Kind == TableActionKind.DropColumn ? "COLUMN" : "CONSTRAINT";
            if (context.File.ExistsWhenRunAgain(statement.PositionOf(i), what, name, alter.Table))
                continue;
            var insert = statement.Tokens.Word(action.GuardAt - 1) == "DROP" ? "COLUMN IF EXISTS" : "IF EXISTS";
            yield return new RuleViolation(action.Start,
                $"DROP {what} {name} of {alter.Table} has no IF EXISTS: when the file runs again it fails because the {what.ToLowerInvariant()} is already gone{context.CreatedEarlier(statement, alter.Table)}",
                statement.SketchAction(alter, action, action.GuardAt, statement.Keyword(insert)));
        }
    }
}
