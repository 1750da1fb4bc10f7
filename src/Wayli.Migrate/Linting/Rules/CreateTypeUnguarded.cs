using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM107: <c>CREATE TYPE</c> or <c>CREATE DOMAIN</c> outside a DO block that guards it.</summary>
internal sealed class CreateTypeUnguarded : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM107", "create-type-unguarded", LintSeverity.Error,
        "CREATE TYPE/DOMAIN not guarded by an existence check",
        "PostgreSQL has no CREATE TYPE IF NOT EXISTS: creating a type or domain that exists fails. Create it in a DO "
        + "block that ignores duplicate_object (or checks pg_type first), or drop it with DROP TYPE IF EXISTS earlier "
        + "in the same file.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.Create is not { Kind: "TYPE" or "DOMAIN", Name: { } type } create || context.File.AbsentWhenRunAgain(statement.Position, create.Kind, type))
            yield break;
        yield return new RuleViolation(0,
            $"CREATE {create.Kind} {type} is not guarded: when the file runs again it fails because the type already exists",
            Guards.Ignoring("duplicate_object", statement.Sketch()));
    }
}
