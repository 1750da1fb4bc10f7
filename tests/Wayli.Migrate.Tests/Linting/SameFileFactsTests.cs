using Wayli.Migrate.Linting;

namespace Wayli.Migrate.Tests.Linting;

/// <summary>
/// WM104 and WM108 judge a statement by what the same file's other statements guarantee when the whole file runs a
/// second time: an object the file created before a DROP is there, a constraint it dropped before an ADD (or drops
/// for good after it) is not. Each row gives the lines the rule must report, no more and no fewer.
/// </summary>
public sealed class SameFileFactsTests
{
    [Theory]
    // The object exists at the DROP on every run, because the file creates it just before.
    [InlineData("CREATE TABLE IF NOT EXISTS t (a int);\nDROP TABLE t;", "")]
    [InlineData("CREATE TABLE t (a int);\nDROP TABLE t;", "")]
    [InlineData("CREATE OR REPLACE VIEW v AS SELECT 1;\nDROP VIEW v;", "")]
    [InlineData("CREATE INDEX IF NOT EXISTS i ON app.t (a);\nDROP INDEX app.i;", "")]
    [InlineData("ALTER TABLE t ADD COLUMN IF NOT EXISTS c int;\nALTER TABLE t DROP COLUMN c;", "")]
    [InlineData("ALTER TABLE t ADD UNIQUE (a);\nALTER TABLE t DROP CONSTRAINT t_a_key;", "")]
    [InlineData("CREATE OR REPLACE FUNCTION f(p_id int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nDROP FUNCTION f(integer);", "")]
    [InlineData("CREATE TABLE IF NOT EXISTS \"t\" (a int);\nDROP TABLE T;", "")]
    [InlineData("CREATE TABLE IF NOT EXISTS public.t (a int);\nDROP TABLE t;", "")]
    [InlineData("SET search_path = app;\nCREATE TABLE IF NOT EXISTS t (a int);\nDROP TABLE t;", "")]
    // A column of a table the file drops before creating it exists exactly when it did on the first run.
    [InlineData("DROP TABLE IF EXISTS t;\nCREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;", "")]
    // Not the same object: another schema, another overload, a case-sensitive name, another search_path.
    [InlineData("CREATE TABLE IF NOT EXISTS app.t (a int);\nDROP TABLE t;", "2")]
    [InlineData("CREATE INDEX IF NOT EXISTS i ON app.t (a);\nDROP INDEX i;", "2")]
    [InlineData("CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nDROP FUNCTION f(text);", "2")]
    [InlineData("CREATE TABLE IF NOT EXISTS \"T\" (a int);\nDROP TABLE t;", "2")]
    [InlineData("CREATE TABLE IF NOT EXISTS t (a int);\nSET search_path = app;\nDROP TABLE t;", "3")]
    // Declared inside CREATE TABLE IF NOT EXISTS: the second run keeps the first run's table, without the column.
    [InlineData("CREATE TABLE IF NOT EXISTS t (a int, b int);\nALTER TABLE t DROP COLUMN b;", "2")]
    // The first run ends without v, so the second run's first DROP fails; the last DROP follows a CREATE.
    [InlineData("DROP VIEW v;\nCREATE VIEW v AS SELECT 1;\nDROP VIEW v;", "1")]
    // A dropped schema takes what is in it, and nothing that lives outside schemas.
    [InlineData("CREATE TABLE IF NOT EXISTS app.t (a int);\nDROP SCHEMA app CASCADE;\nDROP TABLE app.t;", "2,3")]
    [InlineData("CREATE SCHEMA IF NOT EXISTS app;\nDROP SCHEMA public CASCADE;\nDROP SCHEMA app;", "2")]
    // A renamed column is gone only until a guarded rename skips on the second run.
    [InlineData("ALTER TABLE t RENAME COLUMN a TO b;\nALTER TABLE t DROP COLUMN b;", "2")]
    public async Task A_drop_is_reported_unless_the_file_guarantees_the_object_on_a_second_run(string sql, string lines)
    {
        await AssertReportedLines("WM108", sql, lines);
    }

    [Theory]
    // The constraint is gone at the ADD on every run: dropped just before, with its table, or for good at the end.
    [InlineData("ALTER TABLE t DROP CONSTRAINT IF EXISTS c;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);", "")]
    [InlineData("ALTER TABLE public.t DROP CONSTRAINT IF EXISTS c;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);", "")]
    [InlineData("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;\nALTER TABLE t DROP CONSTRAINT c;", "")]
    [InlineData("DROP TABLE IF EXISTS t;\nCREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ADD CONSTRAINT c UNIQUE (a);", "")]
    [InlineData("CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ADD CONSTRAINT c UNIQUE (a);\nDROP TABLE t;", "")]
    [InlineData("ALTER TABLE t ADD PRIMARY KEY (id);\nALTER TABLE t DROP CONSTRAINT t_pkey;", "")]
    // Another table, another schema, a case-sensitive name: not the constraint that was dropped.
    [InlineData("ALTER TABLE u DROP CONSTRAINT IF EXISTS c;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);", "2")]
    [InlineData("ALTER TABLE app.t DROP CONSTRAINT IF EXISTS c;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);", "2")]
    [InlineData("ALTER TABLE t DROP CONSTRAINT IF EXISTS c;\nALTER TABLE t ADD CONSTRAINT \"C\" CHECK (a > 0);", "2")]
    // A table the file creates but may find on a second run keeps the first run's constraint.
    [InlineData("CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ADD CONSTRAINT c UNIQUE (a);", "2")]
    [InlineData("CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT c UNIQUE (a);", "2")]
    public async Task An_add_constraint_is_reported_unless_the_file_guarantees_it_is_absent_on_a_second_run(string sql, string lines)
    {
        await AssertReportedLines("WM104", sql, lines);
    }

    [Fact]
    public async Task A_constraint_on_a_table_created_earlier_in_the_file_says_why_that_does_not_help()
    {
        var findings = await LintFolder.LintAsync("CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT c UNIQUE (a);");

        var finding = Assert.Single(findings, f => f.RuleId == "WM104");
        Assert.Contains("t is created earlier in this file, but a second run finds the table the first run left", finding.Message, StringComparison.Ordinal);
        Assert.Contains(findings, f => f.RuleId == "WM101" && f.Line == 1);
    }

    [Fact]
    public async Task Set_not_null_after_a_validated_not_null_check_is_not_a_table_scan()
    {
        var findings = await LintFolder.LintAsync(
            "ALTER TABLE t ADD CONSTRAINT t_a_nn CHECK ((a IS NOT NULL)) NOT VALID;\n"
            + "ALTER TABLE t VALIDATE CONSTRAINT t_a_nn;\n"
            + "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n"
            + "ALTER TABLE t ALTER COLUMN b SET NOT NULL;\n"
            + "ALTER TABLE t ADD CONSTRAINT t_c_nn CHECK (c IS NOT NULL) NOT VALID;\n"
            + "ALTER TABLE t ALTER COLUMN c SET NOT NULL;\n");

        Assert.Equal([4, 6], findings.Where(f => f.RuleId == "WM203").Select(f => f.Line));
    }

    static async Task AssertReportedLines(string rule, string sql, string lines)
    {
        var findings = await LintFolder.LintAsync(sql);

        var expected = lines.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(
            expected.SequenceEqual(findings.Where(f => f.RuleId == rule).Select(f => f.Line)),
            $"expected {rule} on line(s) [{lines}] of:\n{sql}\ngot:\n{string.Join('\n', findings)}");
    }
}
