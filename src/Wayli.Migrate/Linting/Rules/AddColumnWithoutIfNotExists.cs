using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM103: <c>ALTER TABLE … ADD COLUMN</c> without <c>IF NOT EXISTS</c>.</summary>
internal sealed class AddColumnWithoutIfNotExists : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM103", "add-column-without-if-not-exists", LintSeverity.Error,
        "ALTER TABLE … ADD COLUMN without IF NOT EXISTS",
        "Adding a column that already exists fails, so the file cannot run twice. Write ALTER TABLE … ADD COLUMN IF NOT EXISTS …. "
        + "Adding a column the same file dropped before is not flagged.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.AlterTable is not { } alter)
            yield break;
        for (var i = 0; i < alter.Actions.Count; i++)
        {
            var action = alter.Actions[i];
            if (action is not { Kind: TableActionKind.AddColumn, Guarded: false, Name: { } column }
                || context.File.AbsentWhenRunAgain(statement.PositionOf(i), "COLUMN", column, alter.Table))
            {
                continue;
            }
            var hasColumnWord = statement.Tokens.Word(action.Start + 1) == "COLUMN";
            yield return new RuleViolation(action.Start,
                $"ADD COLUMN {column} to {alter.Table} has no IF NOT EXISTS: when the file runs again it fails because the column already exists{context.CreatedEarlier(statement, alter.Table)}",
                statement.SketchAction(alter, action, action.GuardAt, statement.Keyword(hasColumnWord ? "IF NOT EXISTS" : "COLUMN IF NOT EXISTS")));
        }
    }
}
