using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM109: <c>INSERT</c> without <c>ON CONFLICT</c> (or a <c>WHERE NOT EXISTS</c> guard).</summary>
internal sealed class InsertWithoutOnConflict : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM109", "insert-without-on-conflict", LintSeverity.Error,
        "INSERT without ON CONFLICT",
        "A plain INSERT adds its rows again on every run, or fails on a unique key. Write INSERT … ON CONFLICT DO "
        + "NOTHING (or ON CONFLICT (key) DO UPDATE SET … to keep seed rows current), or an INSERT … SELECT that leaves "
        + "out the rows already there (WHERE NOT EXISTS (…), NOT IN (SELECT …) or EXCEPT).");

    /// <summary>ON CONFLICT, or a SELECT that leaves out rows already there: NOT EXISTS, NOT IN (SELECT …), EXCEPT.</summary>
    static bool IsGuarded(StatementTokens tokens)
    {
        var all = tokens.Count;
        if (tokens.ContainsPair("ON", "CONFLICT", 0, all) || tokens.ContainsPair("NOT", "EXISTS", 0, all, depth: -1) || tokens.IndexOf("EXCEPT", 0, all, depth: -1) >= 0)
            return true;
        for (var i = tokens.IndexOf("NOT", 0, all, depth: -1); i >= 0; i = tokens.IndexOf("NOT", i + 1, all, depth: -1))
        {
            if (tokens.Word(i + 1) == "IN" && i + 3 < all && tokens[i + 2].Kind == SqlTokenKind.OpenParenthesis && tokens.Word(i + 3) == "SELECT")
                return true;
        }
        return false;
    }

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        var tokens = statement.Tokens;
        if (statement.Verb != "INSERT" || IsGuarded(tokens))
            yield break;
        var table = tokens.Word(1) == "INTO" ? tokens.NameAt(2, out _) : null;
        var returning = tokens.IndexOf("RETURNING", 0, tokens.Count);
        yield return new RuleViolation(0,
            $"INSERT into {table?.Written ?? "the table"} has no ON CONFLICT: every run adds the rows again (or fails on a unique key)",
            statement.SketchWith(returning < 0 ? tokens.Count : returning, "ON CONFLICT DO NOTHING"));
    }
}
