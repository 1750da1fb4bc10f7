using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>Names and named forms for constraints added without a name, following PostgreSQL's own naming.</summary>
internal static class ConstraintNames
{
    /// <summary>The action's constraint name, folded, or the name PostgreSQL would pick (<c>trips_user_id_fkey</c>).</summary>
    public static string Of(StatementTokens tokens, ObjectName table, TableAction action)
    {
        if (action.Name is { } name)
            return name.Written;
        var columns = tokens.ColumnsAfter(action.DetailAt, action.End);
        var joined = columns.Count == 0 ? null : string.Join('_', columns);
        return tokens.Word(action.DetailAt) switch
        {
            "PRIMARY" => $"{table.Last}_pkey",
            "UNIQUE" => $"{table.Last}_{joined ?? "key"}_key",
            "FOREIGN" => $"{table.Last}_{joined ?? "ref"}_fkey",
            "EXCLUDE" => $"{table.Last}_excl",
            _ => $"{table.Last}_{FirstIdentifier(tokens, action) ?? "row"}_check",
        };
    }

    /// <summary>The constraint type as words: <c>FOREIGN KEY</c>, <c>CHECK</c>, <c>PRIMARY KEY</c>, …</summary>
    public static string TypeOf(StatementTokens tokens, TableAction action) => tokens.Word(action.DetailAt) switch
    {
        "PRIMARY" => "PRIMARY KEY",
        "FOREIGN" => "FOREIGN KEY",
        { } word => word,
        null => "constraint",
    };

    /// <summary>
    /// The action written with its constraint name: <c>ALTER TABLE t ADD CONSTRAINT t_a_fkey FOREIGN KEY (…) …</c>,
    /// with <paramref name="suffix"/> (such as <c>NOT VALID</c>) appended to the action.
    /// </summary>
    public static string NamedAction(LintStatement statement, AlterTable alter, TableAction action, string? suffix = null) =>
        $"{statement.Tokens.Sketch(0, alter.HeadEnd)} {NamedBody(statement, alter, action, suffix)}";

    /// <summary>
    /// The whole statement, with <paramref name="action"/> written as <see cref="NamedAction"/> writes it and the other
    /// actions as they are: <c>ALTER TABLE t DROP CONSTRAINT IF EXISTS c, ADD CONSTRAINT c CHECK (…) NOT VALID</c>, so a
    /// guard in the same statement stays.
    /// </summary>
    public static string NamedStatement(LintStatement statement, AlterTable alter, TableAction action, string? suffix = null)
    {
        var tokens = statement.Tokens;
        var actions = alter.Actions.Select(a => ReferenceEquals(a, action) ? NamedBody(statement, alter, a, suffix) : tokens.Sketch(a.Start, a.End));
        return $"{tokens.Sketch(0, alter.HeadEnd)} {string.Join(", ", actions)}";
    }

    static string NamedBody(LintStatement statement, AlterTable alter, TableAction action, string? suffix)
    {
        var tokens = statement.Tokens;
        var body = action.Name is null
            ? tokens.Sketch(action.Start, action.End, action.DetailAt, $"{statement.Keyword("CONSTRAINT")} {Of(tokens, alter.Table, action)}")
            : tokens.Sketch(action.Start, action.End);
        return suffix is null ? body : $"{body} {statement.Keyword(suffix)}";
    }

    /// <summary>The catalog test for the constraint, to guard its creation.</summary>
    public static string Exists(string folded, ObjectName table) =>
        $"EXISTS (SELECT 1 FROM pg_constraint WHERE conname = {Guards.Literal(folded)} AND conrelid = {Guards.Literal(table.Written)}::regclass)";

    /// <summary>The first column a CHECK expression mentions, which PostgreSQL puts in the constraint's name.</summary>
    static string? FirstIdentifier(StatementTokens tokens, TableAction action)
    {
        for (var i = action.DetailAt + 1; i < action.End; i++)
        {
            var isCall = i + 1 < action.End && tokens[i + 1].Kind == SqlTokenKind.OpenParenthesis;
            if (tokens[i].IsIdentifier && !isCall && tokens[i].Word is null or not ("NOT" or "NULL" or "TRUE" or "FALSE" or "AND" or "OR" or "IS"))
                return ObjectName.Fold(tokens[i].Original);
        }
        return null;
    }
}
