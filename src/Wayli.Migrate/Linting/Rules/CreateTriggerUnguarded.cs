using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM106: <c>CREATE TRIGGER</c> without <c>OR REPLACE</c> and with no <c>DROP TRIGGER [IF EXISTS]</c> of it earlier in the file.</summary>
internal sealed class CreateTriggerUnguarded : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM106", "create-trigger-unguarded", LintSeverity.Error,
        "CREATE TRIGGER without OR REPLACE or a preceding DROP TRIGGER IF EXISTS",
        "Creating a trigger that exists fails. Write CREATE OR REPLACE TRIGGER (PostgreSQL 14 and later), or "
        + "DROP TRIGGER IF EXISTS name ON table; right before it in the same file. A constraint trigger cannot be "
        + "replaced, so it always needs the DROP.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.Create is not { Kind: "TRIGGER", Name: { } trigger } create)
            yield break;
        var tokens = statement.Tokens;
        var on = tokens.IndexOf("ON", create.NameEnd, tokens.Count);
        if (on < 0 || tokens.NameAt(on + 1, out _) is not { } table)
            yield break;
        var isConstraint = create.Modifiers.Contains("CONSTRAINT");
        if ((create.OrReplace && !isConstraint) || context.File.AbsentWhenRunAgain(statement.Position, "TRIGGER", trigger, table))
            yield break;
        var drop = $"{statement.Keyword("DROP TRIGGER IF EXISTS")} {trigger} {statement.Keyword("ON")} {table};";
        var (message, fix) = isConstraint
            ? ($"CREATE CONSTRAINT TRIGGER {trigger} on {table} has no DROP TRIGGER IF EXISTS before it in this file: when the file runs again it fails because the trigger already exists (a constraint trigger cannot be replaced)",
                $"{drop} {tokens.Sketch(0, tokens.Count, maxPieces: 10)}")
            : ($"CREATE TRIGGER {trigger} on {table} has neither OR REPLACE nor a DROP TRIGGER IF EXISTS before it in this file: when the file runs again it fails because the trigger already exists",
                statement.SketchWith(1, "OR REPLACE"));
        yield return new RuleViolation(0, message, fix);
    }
}
