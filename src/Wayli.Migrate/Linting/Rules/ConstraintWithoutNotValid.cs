using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM205: <c>ADD CONSTRAINT … FOREIGN KEY/CHECK</c> without <c>NOT VALID</c> on a table this file did not create.</summary>
internal sealed class ConstraintWithoutNotValid : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM205", "constraint-without-not-valid", LintSeverity.Warning,
        "ADD CONSTRAINT FOREIGN KEY/CHECK without NOT VALID on an existing table",
        "Adding a foreign key or check constraint checks every existing row while holding a lock that blocks writes "
        + "(a foreign key also locks the referenced table). Add it NOT VALID, which only checks new rows, then VALIDATE "
        + "CONSTRAINT in a later statement: validation takes a lighter lock that lets reads and writes go on.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.AlterTable is not { } alter || !context.IsExistingTable(statement, alter.Table))
            yield break;
        var tokens = statement.Tokens;
        foreach (var action in alter.Actions)
        {
            if (action.ConstraintType(tokens) is not ("FOREIGN" or "CHECK") || tokens.ContainsPair("NOT", "VALID", action.DetailAt, action.End))
                continue;
            var name = ConstraintNames.Of(tokens, alter.Table, action);
            var type = ConstraintNames.TypeOf(tokens, action);
            yield return new RuleViolation(action.Start,
                $"ADD {type} constraint {name} on {alter.Table}{context.Origin(alter.Table)} has no NOT VALID: it checks every row while blocking writes",
                $"{ConstraintNames.NamedStatement(statement, alter, action, "NOT VALID")}; ALTER TABLE {alter.Table} VALIDATE CONSTRAINT {name};");
        }
    }
}
