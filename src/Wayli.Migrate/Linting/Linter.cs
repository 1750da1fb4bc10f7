using Wayli.Migrate.Linting.Rules;
using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Linting.Suppressions;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting;

/// <summary>
/// Runs the lint rules over a migration set, file by file and statement by statement, without a database. Each
/// top-level statement is checked by every enabled rule; a DO block is skipped as a whole, since that is where
/// guards are written. Problems found while loading the files are reported as WM001 findings.
/// </summary>
/// <example>
/// A file holding <c>CREATE TABLE public.trips (id bigint);</c> gives one WM101 finding at 1:1 whose fix is
/// <c>CREATE TABLE IF NOT EXISTS public.trips (…)</c>.
/// </example>
public static class Linter
{
    /// <summary>Lints every migration of <paramref name="set"/>; findings are ordered by file, line and column.</summary>
    /// <exception cref="Failures.MigrateException">A disabled rule id is unknown or cannot be disabled.</exception>
    public static IReadOnlyList<LintFinding> Lint(MigrationSet set, LintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var disabled = LintRules.Resolve((options ?? LintOptions.Default).DisabledRules);
        var checks = LintRules.Checks.Where(c => !disabled.Contains(c.Rule.Id)).ToList();
        var findings = set.Problems.Select(FromProblem).ToList();
        var facts = new SetFacts();
        // Repeatable migrations and callbacks run after the versioned ones, and are checked like them.
        var files = set.AllFiles.ToList();
        for (var i = 0; i < files.Count; i++)
            LintFile(files[i], [.. files.Take(i)], facts, checks, disabled, findings);
        return [.. findings
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column)];
    }

    static void LintFile(Migration migration, IReadOnlyList<Migration> earlier, SetFacts set, List<StatementRule> checks,
        IReadOnlySet<string> disabled, List<LintFinding> findings)
    {
        var content = migration.ReadContent();
        var script = content.Script;
        // What migrate applies is checked: the up part (a down part runs only to revert, and test proves it does).
        var statements = TopLevelStatements(content.Parts.Up).ToList();
        var file = new FileFacts(statements, script);
        var context = new LintContext(migration, earlier, file, set);
        var suppressions = SuppressionSet.Read(script);
        foreach (var statement in statements)
        {
            foreach (var check in checks)
            {
                foreach (var violation in check.Check(statement, context))
                {
                    if (!suppressions.Suppresses(statement.Statement, check.Rule.Id))
                        findings.Add(ToFinding(check.Rule, migration, script, statement, violation));
                }
            }
        }
        findings.AddRange(suppressions.Problems(migration.Path, disabled));
        foreach (var table in file.CreatedTables)
            set.RecordTable(table, migration.FileName);
    }

    /// <summary>The statements rules check: not empty, not a DO block, not the rows that follow COPY … FROM STDIN.</summary>
    static IEnumerable<LintStatement> TopLevelStatements(IReadOnlyList<SqlStatement> statements)
    {
        var copyData = false;
        foreach (var sql in statements)
        {
            if (sql.IsEmpty || copyData)
            {
                copyData &= sql.IsEmpty;
                continue;
            }
            var statement = new LintStatement(sql);
            copyData = statement.Verb == "COPY" && statement.Tokens.ContainsPair("FROM", "STDIN", 0, statement.Tokens.Count);
            if (statement.Verb != "DO")
                yield return statement;
        }
    }

    static LintFinding ToFinding(LintRule rule, Migration migration, SqlScript script, LintStatement statement, RuleViolation violation)
    {
        var tokens = statement.Tokens;
        var offset = violation.TokenIndex >= 0 && violation.TokenIndex < tokens.Count
            ? statement.Statement.Offset + tokens[violation.TokenIndex].Offset
            : statement.Statement.StartOffset;
        var location = script.Locate(offset);
        return new LintFinding(rule.Id, rule.Severity, migration.Path, location.Line, location.Column, violation.Message, violation.Fix,
            statement.FirstLine, statement.Fingerprint);
    }

    static LintFinding FromProblem(SourceProblem problem)
    {
        var rule = LintRules.FileProblem;
        return new LintFinding(rule.Id, rule.Severity, problem.File, problem.Line ?? 1, problem.Column ?? 1, problem.Message, null);
    }
}
