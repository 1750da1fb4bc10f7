using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM105: <c>CREATE POLICY</c> with no <c>DROP POLICY [IF EXISTS]</c> of that policy on that table earlier in the file.</summary>
internal sealed class CreatePolicyWithoutDrop : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM105", "create-policy-without-drop", LintSeverity.Error,
        "CREATE POLICY without a preceding DROP POLICY IF EXISTS",
        "PostgreSQL has no CREATE POLICY IF NOT EXISTS or OR REPLACE: creating a policy that exists fails. Write "
        + "DROP POLICY IF EXISTS name ON table; right before CREATE POLICY, in the same file, so a second run "
        + "replaces the policy with its current definition.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.Create is not { Kind: "POLICY", Name: { } policy } create
            || statement.Tokens.Word(create.NameEnd) != "ON"
            || statement.Tokens.NameAt(create.NameEnd + 1, out _) is not { } table
            || context.File.AbsentWhenRunAgain(statement.Position, "POLICY", policy, table))
        {
            yield break;
        }
        var drop = $"{statement.Keyword("DROP POLICY IF EXISTS")} {policy} {statement.Keyword("ON")} {table};";
        yield return new RuleViolation(0,
            $"CREATE POLICY {policy} on {table} has no DROP POLICY IF EXISTS before it in this file: when the file runs again it fails because the policy already exists",
            $"{drop} {statement.Sketch()}");
    }
}
