using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM113: <c>ALTER COLUMN … TYPE … USING expression</c> outside a DO block that checks the current type.</summary>
internal sealed class TypeChangeUsingUnguarded : StatementRule
{
    public override LintRule Rule { get; } = new(
        "WM113", "type-change-using-unguarded", LintSeverity.Error,
        "ALTER COLUMN … TYPE … USING not guarded by a check of the current type",
        "On a second run the USING expression is applied to the column that already has the new type: it fails "
        + "(to_timestamp(timestamp) does not exist) or, worse, converts the data again (USING price * 100). Change the "
        + "type in a DO block that first checks the column does not have the new type yet. USING column, or the column "
        + "with casts only (USING column::text::uuid), gives the same result on a second run and is not flagged.");

    /// <summary>True for <c>USING column</c> or <c>USING (column)::type…</c>: converting again changes nothing.</summary>
    static bool IsColumnCast(StatementTokens tokens, TypeChange change, int end)
    {
        var significant = Enumerable.Range(change.Using + 1, end - change.Using - 1)
            .Where(i => tokens[i].Kind is not (SqlTokenKind.OpenParenthesis or SqlTokenKind.CloseParenthesis))
            .ToList();
        if (significant.Count == 0 || !tokens[significant[0]].IsIdentifier || ObjectName.Fold(tokens[significant[0]].Original) != change.Column.Last)
            return false;
        // After the column only casts may follow: "::" and type words, numbers or commas (numeric(10, 2)).
        return significant.Skip(1).All(i => tokens[i].IsSymbol(':') || tokens[i].IsSymbol(',') || tokens[i].IsIdentifier
            || tokens[i].Kind == SqlTokenKind.Number || tokens[i].IsSymbol('[') || tokens[i].IsSymbol(']'))
            && (significant.Count == 1 || tokens[significant[1]].IsSymbol(':'));
    }

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.AlterTable is not { } alter)
            yield break;
        foreach (var action in alter.Actions)
        {
            if (TypeChange.Parse(statement.Tokens, action) is not { Using: >= 0 } change || IsColumnCast(statement.Tokens, change, action.End))
                continue;
            var table = Guards.Literal(alter.Table.Written);
            var current = $"(SELECT atttypid FROM pg_attribute WHERE attrelid = {table}::regclass AND attname = {Guards.Literal(change.Column.Last)})";
            yield return new RuleViolation(change.Using,
                $"changing the type of {change.Column} of {alter.Table} with USING is not guarded: when the file runs again the expression is applied to the converted column, which fails or converts the data twice",
                Guards.When($"{current} <> {Guards.Literal(change.Type)}::regtype", statement.SketchAction(alter, action)));
        }
    }
}
