using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM301: a <c>SECURITY DEFINER</c> function or procedure without <c>SET search_path</c>.</summary>
internal sealed class SecurityDefinerWithoutSearchPath : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM301", "security-definer-without-search-path", LintSeverity.Error,
        "SECURITY DEFINER function without SET search_path",
        "A SECURITY DEFINER function runs with its owner's rights but resolves unqualified names through the caller's "
        + "search_path, so anyone who can create a function or table in a schema on that path can make it run their "
        + "code as the owner. Pin the path in the definition: SET search_path = '' (and qualify every name in the body), "
        + "or SET search_path = public, pg_temp.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        var tokens = statement.Tokens;
        if (statement.Create is not { Kind: "FUNCTION" or "PROCEDURE" } create
            || !tokens.ContainsPair("SECURITY", "DEFINER", 0, tokens.Count)
            || tokens.ContainsPair("SET", "SEARCH_PATH", 0, tokens.Count))
        {
            yield break;
        }
        var definer = tokens.IndexOf("DEFINER", 0, tokens.Count);
        yield return new RuleViolation(definer - 1,
            $"SECURITY DEFINER {create.Kind.ToLowerInvariant()} {create.Name} does not pin search_path: a caller can make it run their objects with the owner's rights",
            statement.SketchInserting(definer + 1, $"{statement.Keyword("SET")} search_path = ''"));
    }
}
