using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM108: <c>DROP …</c> and <c>ALTER TABLE … DROP COLUMN/CONSTRAINT</c> without <c>IF EXISTS</c>.</summary>
internal sealed class DropWithoutIfExists : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM108", "drop-without-if-exists", LintSeverity.Error,
        "DROP … without IF EXISTS",
        "Dropping an object, column or constraint that is already gone fails, so the file cannot run twice. "
        + "Write DROP … IF EXISTS (ALTER TABLE … DROP COLUMN IF EXISTS, DROP CONSTRAINT IF EXISTS). A DROP of something "
        + "the same file creates again later is not flagged: a second run drops what the first one created.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.Drop is { IfExists: false } drop
            && !(drop.Names.Count > 0 && drop.Names.All(n => context.File.CreatedAfter(statement.Position, drop.Kind, n, drop.Table))))
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
            if (context.File.CreatedAfter(statement.PositionOf(i), what, name, alter.Table))
                continue;
            var insert = statement.Tokens.Word(action.GuardAt - 1) == "DROP" ? "COLUMN IF EXISTS" : "IF EXISTS";
            yield return new RuleViolation(action.Start,
                $"DROP {what} {name} of {alter.Table} has no IF EXISTS: when the file runs again it fails because the {what.ToLowerInvariant()} is already gone",
                statement.SketchAction(alter, action, action.GuardAt, statement.Keyword(insert)));
        }
    }
}
