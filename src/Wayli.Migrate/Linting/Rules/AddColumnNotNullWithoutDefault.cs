using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>WM202: <c>ADD COLUMN … NOT NULL</c> (or <c>PRIMARY KEY</c>) without a <c>DEFAULT</c>, on a table this file did not create.</summary>
internal sealed class AddColumnNotNullWithoutDefault : StatementRule
{
    static readonly HashSet<string> SerialTypes = ["SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4", "SERIAL8"];

    public override LintRule Rule { get; } = new(
        "WM202", "add-column-not-null-without-default", LintSeverity.Error,
        "ADD COLUMN … NOT NULL without a DEFAULT on an existing table",
        "A NOT NULL column without a default cannot be added to a table that has rows: the migration fails in "
        + "production although it passed on an empty development database. Give it a DEFAULT (a constant default "
        + "costs no rewrite since PostgreSQL 11), or add it nullable, backfill it, then make it NOT NULL (see WM203).");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        if (statement.AlterTable is not { } alter || !context.IsExistingTable(statement, alter.Table))
            yield break;
        var tokens = statement.Tokens;
        foreach (var action in alter.Actions)
        {
            if (action is not { Kind: TableActionKind.AddColumn, Name: { } column } || !IsNotNullWithoutValue(tokens, action))
                continue;
            var notNull = tokens.IndexOf("NOT", action.DetailAt, action.End);
            var at = notNull >= 0 && tokens.Word(notNull + 1) == "NULL" ? notNull : action.End;
            yield return new RuleViolation(action.Start,
                $"ADD COLUMN {column} to {alter.Table}{context.Origin(alter.Table)} is NOT NULL without a DEFAULT: it fails as soon as the table has a row",
                statement.SketchAction(alter, action, at, $"{statement.Keyword("DEFAULT")} <value>"));
        }
    }

    static bool IsNotNullWithoutValue(StatementTokens tokens, TableAction action)
    {
        var (from, to) = (action.DetailAt, action.End);
        var notNull = tokens.ContainsPair("NOT", "NULL", from, to) || tokens.ContainsPair("PRIMARY", "KEY", from, to);
        var hasValue = tokens.IndexOf("DEFAULT", from, to) >= 0 || tokens.IndexOf("GENERATED", from, to) >= 0
            || (tokens.Word(from) is { } type && SerialTypes.Contains(type));
        return notNull && !hasValue;
    }
}
