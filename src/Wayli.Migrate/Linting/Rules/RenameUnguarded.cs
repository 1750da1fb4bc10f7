using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>
/// WM111: <c>ALTER … RENAME …</c> that fails once the rename is done. Only renaming a table, view, index or sequence
/// itself under <c>ALTER … IF EXISTS</c> is safe to repeat; a column, constraint or enum label needs a DO block.
/// </summary>
internal sealed class RenameUnguarded : StatementRule
{
    static readonly HashSet<string> KindsWithIfExists = ["TABLE", "FOREIGN TABLE", "VIEW", "MATERIALIZED VIEW", "INDEX", "SEQUENCE"];

    public override LintRule Rule { get; } = new(
        "WM111", "rename-unguarded", LintSeverity.Error,
        "ALTER … RENAME not guarded by an existence check",
        "After a rename has run, the old name is gone and running it again fails. Rename a table, view, index or "
        + "sequence with ALTER … IF EXISTS old RENAME TO new; rename anything else (columns, constraints, enum labels, "
        + "functions, types, schemas) in a DO block that first checks the old name exists.");

    public override IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context)
    {
        var tokens = statement.Tokens;
        var rename = statement.Verb == "ALTER" ? tokens.IndexOf("RENAME", 1, tokens.Count) : -1;
        var length = rename < 0 ? 0 : ObjectKinds.LengthAt(tokens, 1);
        if (length == 0)
            yield break;
        var kind = ObjectKinds.Name(tokens, 1, length);
        var guardAt = 1 + length;
        var ifExists = tokens.IfExistsAt(guardAt);
        if (tokens.NameAt(guardAt + (ifExists ? 2 : 0), out var afterName) is not { } name)
            yield break;
        var target = Target(tokens, kind, rename);
        if (target == "TO" && ifExists && KindsWithIfExists.Contains(kind))
            yield break;
        var table = tokens.Word(afterName) == "ON" ? tokens.NameAt(afterName + 1, out _) : null;
        var fix = target == "TO" && KindsWithIfExists.Contains(kind)
            ? statement.SketchWith(guardAt, "IF EXISTS")
            : Condition(tokens, kind, name, table, target, rename) is { } condition
                ? Guards.When(condition, statement.Sketch())
                : Guards.Ignoring("undefined_object", statement.Sketch());
        var what = target == "TO" ? $"of {kind} {name}" : $"{target} {OldName(tokens, rename)} of {kind} {name}";
        yield return new RuleViolation(rename,
            $"RENAME {what} is not guarded: when the file runs again the old name is gone and it fails", fix);
    }

    /// <summary>What is renamed: <c>TO</c> (the object itself), <c>COLUMN</c>, <c>CONSTRAINT</c>, <c>VALUE</c> or <c>ATTRIBUTE</c>.</summary>
    static string Target(StatementTokens tokens, string kind, int rename) => tokens.Word(rename + 1) switch
    {
        "TO" => "TO",
        "CONSTRAINT" or "VALUE" or "ATTRIBUTE" or "COLUMN" => tokens.Word(rename + 1)!,
        _ when kind is "TABLE" or "FOREIGN TABLE" or "VIEW" or "MATERIALIZED VIEW" => "COLUMN",
        _ => "TO",
    };

    /// <summary>The old name of a renamed column, constraint, label or attribute, as written.</summary>
    static string OldName(StatementTokens tokens, int rename)
    {
        var at = rename + 1 + (tokens.Word(rename + 1) is "COLUMN" or "CONSTRAINT" or "VALUE" or "ATTRIBUTE" ? 1 : 0);
        return at < tokens.Count ? tokens[at].Original : "";
    }

    /// <summary>A catalog test that the old name still exists, or null when there is no simple one.</summary>
    static string? Condition(StatementTokens tokens, string kind, ObjectName name, ObjectName? table, string target, int rename)
    {
        var old = OldName(tokens, rename);
        var oldFolded = old.StartsWith('\'') ? old.Trim('\'') : ObjectName.Fold(old);
        var written = Guards.Literal(name.Written);
        return (target, kind) switch
        {
            ("COLUMN", _) => $"EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {written}::regclass AND attname = {Guards.Literal(oldFolded)} AND NOT attisdropped)",
            ("CONSTRAINT", "DOMAIN") => $"EXISTS (SELECT 1 FROM pg_constraint WHERE contypid = {written}::regtype AND conname = {Guards.Literal(oldFolded)})",
            ("CONSTRAINT", _) => ConstraintNames.Exists(oldFolded, name),
            ("VALUE", _) => $"EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = {written}::regtype AND enumlabel = {Guards.Literal(oldFolded)})",
            ("TO", "SCHEMA") => $"EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = {Guards.Literal(name.Last)})",
            ("TO", "FUNCTION" or "PROCEDURE" or "ROUTINE" or "AGGREGATE") => ProcedureExists(name),
            ("TO", "TYPE" or "DOMAIN") => $"to_regtype({written}) IS NOT NULL",
            ("TO", "TRIGGER") when table is not null => $"EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = {Guards.Literal(name.Last)} AND tgrelid = {Guards.Literal(table.Written)}::regclass)",
            ("TO", "POLICY") when table is not null => $"EXISTS (SELECT 1 FROM pg_policy WHERE polname = {Guards.Literal(name.Last)} AND polrelid = {Guards.Literal(table.Written)}::regclass)",
            ("TO", "ROLE" or "USER" or "GROUP") => $"EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {Guards.Literal(name.Last)})",
            ("TO", "PUBLICATION") => $"EXISTS (SELECT 1 FROM pg_publication WHERE pubname = {Guards.Literal(name.Last)})",
            _ => null,
        };
    }

    static string ProcedureExists(ObjectName name) => name.Schema is { } schema
        ? $"EXISTS (SELECT 1 FROM pg_proc WHERE proname = {Guards.Literal(name.Last)} AND pronamespace = {Guards.Literal(schema)}::regnamespace)"
        : $"EXISTS (SELECT 1 FROM pg_proc WHERE proname = {Guards.Literal(name.Last)})";
}
