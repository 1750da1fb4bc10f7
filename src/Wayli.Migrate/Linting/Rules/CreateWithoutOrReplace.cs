using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM102: <c>CREATE VIEW/FUNCTION/PROCEDURE</c> without <c>OR REPLACE</c>.</summary>
internal sealed class CreateWithoutOrReplace : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM102", "create-without-or-replace", LintSeverity.Error,
        "CREATE VIEW/FUNCTION/PROCEDURE without OR REPLACE",
        "A CREATE of a view, function or procedure that already exists fails, so the file cannot run twice. "
        + "Write CREATE OR REPLACE …, which also updates the definition when the file changes. "
        + "(A materialized view has no OR REPLACE: WM101 asks for IF NOT EXISTS instead.) A CREATE after a DROP of the "
        + "same object in the same file is not flagged.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.Create is not { Kind: "VIEW" or "FUNCTION" or "PROCEDURE", OrReplace: false, Name: { } name } create || create.IsTemporary
            || context.File.AbsentWhenRunAgain(statement.Position, create.Kind, name, null, RoutineArguments.Of(statement.Tokens, create.NameEnd)))
        {
            yield break;
        }
        yield return new RuleViolation(0,
            $"CREATE {create.Kind} {create.Name} has no OR REPLACE: when the file runs again it fails because the {create.Kind.ToLowerInvariant()} already exists",
            statement.SketchWith(1, "OR REPLACE"));
    }
}
