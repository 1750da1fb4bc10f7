using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM101: <c>CREATE TABLE/INDEX/SCHEMA/SEQUENCE/EXTENSION/MATERIALIZED VIEW …</c> without <c>IF NOT EXISTS</c>.</summary>
internal sealed class CreateWithoutIfNotExists : StatementRule
{
    static readonly HashSet<string> Kinds =
        ["TABLE", "FOREIGN TABLE", "INDEX", "SCHEMA", "SEQUENCE", "EXTENSION", "MATERIALIZED VIEW", "SERVER", "STATISTICS", "COLLATION"];

    public override LintRule Rule { get; } = new(
        "WM101", "create-without-if-not-exists", LintSeverity.Error,
        "CREATE TABLE/INDEX/SCHEMA/SEQUENCE/EXTENSION/MATERIALIZED VIEW without IF NOT EXISTS",
        "A CREATE of an object that already exists fails, so the file cannot run twice. Write CREATE … IF NOT EXISTS "
        + "(for an index, give it a name: an unnamed index gets a new name on every run, so IF NOT EXISTS cannot work "
        + "and each run builds another copy). A CREATE after a DROP of the same object in the same file is not flagged.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.Create is not { } create || create.IsTemporary || !Kinds.Contains(create.Kind)
            || context.File.AbsentWhenRunAgain(statement.Position, create.Kind, create.Name, statement.CreatedOn))
        {
            yield break;
        }
        if (create.Name is null)
        {
            var suggested = SuggestIndexName(statement.Tokens, create.NameEnd);
            yield return new RuleViolation(0,
                "CREATE INDEX without a name: every run builds another identical index under a new name, and IF NOT EXISTS needs a name",
                statement.SketchInserting(create.GuardAt, statement.Keyword("IF NOT EXISTS") + " " + suggested));
        }
        else if (!create.IfNotExists)
        {
            yield return new RuleViolation(0,
                $"CREATE {create.Kind} {create.Name} has no IF NOT EXISTS: when the file runs again it fails because the {create.Kind.ToLowerInvariant()} already exists",
                statement.SketchWith(create.GuardAt, "IF NOT EXISTS"));
        }
    }

    /// <summary><c>table_column_idx</c> from <c>ON table (column, …)</c>, as PostgreSQL would name it.</summary>
    static string SuggestIndexName(StatementTokens tokens, int onAt)
    {
        var tableAt = onAt + 1 + (tokens.Word(onAt + 1) == "ONLY" ? 1 : 0);
        var table = tokens.NameAt(tableAt, out var next)?.Last ?? "table";
        var columns = tokens.ColumnsAfter(next, tokens.Count);
        return columns.Count == 0 ? $"{table}_idx" : $"{table}_{string.Join('_', columns)}_idx";
    }
}
