using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM112: <c>ALTER TYPE … ADD VALUE</c> without <c>IF NOT EXISTS</c>.</summary>
internal sealed class AddEnumValueWithoutIfNotExists : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM112", "add-enum-value-without-if-not-exists", LintSeverity.Error,
        "ALTER TYPE … ADD VALUE without IF NOT EXISTS",
        "Adding an enum label that exists fails, so the file cannot run twice. Write ALTER TYPE … ADD VALUE IF NOT EXISTS ….");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        var tokens = statement.Tokens;
        if (!tokens.WordsAt(0, "ALTER", "TYPE") || tokens.NameAt(2, out var next) is not { } type
            || !tokens.WordsAt(next, "ADD", "VALUE") || tokens.IfNotExistsAt(next + 2))
        {
            yield break;
        }
        var label = next + 2 < tokens.Count ? tokens[next + 2].Original : "";
        yield return new RuleViolation(next,
            $"ALTER TYPE {type} ADD VALUE {label} has no IF NOT EXISTS: when the file runs again it fails because the label already exists",
            statement.SketchWith(next + 2, "IF NOT EXISTS"));
    }
}
