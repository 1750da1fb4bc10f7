using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM201: <c>CREATE INDEX</c> without <c>CONCURRENTLY</c> on a table this file did not create.</summary>
internal sealed class IndexWithoutConcurrently : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM201", "index-without-concurrently", LintSeverity.Warning,
        "CREATE INDEX without CONCURRENTLY on an existing table",
        "CREATE INDEX holds a lock that blocks every INSERT, UPDATE and DELETE on the table until the index is built, "
        + "which on a large table is an outage. Write CREATE INDEX CONCURRENTLY IF NOT EXISTS …: it cannot run inside a "
        + "transaction, so wayli-migrate runs such a file statement by statement (detected automatically). An index on "
        + "a table created earlier in the same file is not flagged: nobody can be using that table yet.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.Create is not { Kind: "INDEX", Concurrently: false } create)
            yield break;
        var tokens = statement.Tokens;
        var on = tokens.IndexOf("ON", create.NameEnd, tokens.Count);
        var tableAt = on + 1 + (tokens.Word(on + 1) == "ONLY" ? 1 : 0);
        if (on < 0 || tokens.NameAt(tableAt, out _) is not { } table || !context.IsExistingTable(statement, table))
            yield break;
        var insert = create.IfNotExists || create.Name is null ? "CONCURRENTLY" : "CONCURRENTLY IF NOT EXISTS";
        yield return new RuleViolation(0,
            $"CREATE INDEX {create.Name?.Written ?? "(unnamed)"} on {table}, a table this file did not create{context.Origin(table)}, has no CONCURRENTLY: building it blocks all writes to the table",
            statement.SketchWith(create.KindEnd, insert));
    }
}
