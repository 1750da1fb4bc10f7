using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM110: <c>ALTER PUBLICATION … ADD TABLE</c> (or <c>ADD TABLES IN SCHEMA</c>) outside a guarding DO block.</summary>
internal sealed class PublicationAddTableUnguarded : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM110", "publication-add-table-unguarded", LintSeverity.Error,
        "ALTER PUBLICATION … ADD TABLE not guarded by a membership check",
        "Adding a table that is already in the publication fails. Add it in a DO block that first checks "
        + "pg_publication_rel (pg_publication_namespace for ADD TABLES IN SCHEMA).");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        var tokens = statement.Tokens;
        if (!tokens.WordsAt(0, "ALTER", "PUBLICATION") || tokens.NameAt(2, out var next) is not { } publication || tokens.Word(next) != "ADD")
            yield break;
        var members = Members(tokens, next + 1);
        var checks = members.Select(m => Guards.When("NOT " + IsMember(publication, m.Table, m.IsSchema),
            $"ALTER PUBLICATION {publication} ADD {(m.IsSchema ? "TABLES IN SCHEMA" : "TABLE")} {m.Table}"));
        var fix = members.Count == 0 ? null : string.Join(" ", checks);
        var added = string.Join(", ", members.Select(m => (m.IsSchema ? "TABLES IN SCHEMA " : "TABLE ") + m.Table.Written));
        yield return new RuleViolation(0,
            $"ALTER PUBLICATION {publication} ADD {added} is not guarded: when the file runs again it fails because it is already a member",
            fix);
    }

    static string IsMember(ObjectName publication, ObjectName member, bool isSchema)
    {
        var pub = $"(SELECT oid FROM pg_publication WHERE pubname = {Guards.Literal(publication.Last)})";
        return isSchema
            ? $"EXISTS (SELECT 1 FROM pg_publication_namespace WHERE pnpubid = {pub} AND pnnspid = {Guards.Literal(member.Written)}::regnamespace)"
            : $"EXISTS (SELECT 1 FROM pg_publication_rel WHERE prpubid = {pub} AND prrelid = {Guards.Literal(member.Written)}::regclass)";
    }

    /// <summary>The tables and schemas after ADD: <c>TABLE a, b (col) WHERE (…), TABLES IN SCHEMA s</c>.</summary>
    static List<(ObjectName Table, bool IsSchema)> Members(StatementTokens tokens, int i)
    {
        var members = new List<(ObjectName, bool)>();
        var isSchema = false;
        while (i < tokens.Count)
        {
            if (tokens.WordsAt(i, "TABLES", "IN", "SCHEMA"))
                (isSchema, i) = (true, i + 3);
            else if (tokens.Word(i) == "TABLE")
                (isSchema, i) = (false, i + 1);
            i += tokens.Word(i) == "ONLY" ? 1 : 0;
            if (tokens.NameAt(i, out i) is { } name)
                members.Add((name, isSchema));
            while (i < tokens.Count && !(tokens[i].Depth == 0 && tokens[i].IsSymbol(',')))
                i++;
            i++;
        }
        return members;
    }
}
