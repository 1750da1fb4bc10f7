using Wayli.Migrate.Failures;
using Wayli.Migrate.Linting;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Linting;

public sealed class LinterTests
{
    [Theory]
    [InlineData("CREATE TABLE public.trips (\n  id bigint PRIMARY KEY,\n  title text NOT NULL\n);", "CREATE TABLE IF NOT EXISTS public.trips (…)")]
    [InlineData("create table trips (id bigint);", "create table if not exists trips (id bigint)")]
    [InlineData("CREATE UNIQUE INDEX trips_idx ON public.trips USING btree (title);", "CREATE UNIQUE INDEX IF NOT EXISTS trips_idx ON public.trips USING btree (title)")]
    [InlineData("CREATE INDEX ON public.trips (user_id, started_at DESC);", "CREATE INDEX IF NOT EXISTS trips_user_id_started_at_idx ON public.trips (user_id, started_at DESC)")]
    [InlineData("CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT a $$;", "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$…$$")]
    [InlineData("CREATE EXTENSION postgis WITH SCHEMA gis;", "CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA gis")]
    [InlineData("CREATE VIEW public.v AS SELECT 1;", "CREATE OR REPLACE VIEW public.v AS SELECT 1")]
    [InlineData("ALTER TABLE public.trips\n    ADD COLUMN note text;", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS note text")]
    [InlineData("ALTER TABLE public.trips ADD note text;", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS note text")]
    [InlineData("DROP TABLE public.old;", "DROP TABLE IF EXISTS public.old")]
    [InlineData("DROP INDEX CONCURRENTLY public.old_idx;", "DROP INDEX CONCURRENTLY IF EXISTS public.old_idx")]
    [InlineData("ALTER TYPE mood ADD VALUE 'calm' BEFORE 'sad';", "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm' BEFORE 'sad'")]
    [InlineData("INSERT INTO settings (k, v) VALUES ('a', 1), ('b', 2) RETURNING k;", "INSERT INTO settings (k, v) VALUES ('a', 1), ('b', 2) ON CONFLICT DO NOTHING RETURNING k")]
    [InlineData("ALTER TABLE t ALTER COLUMN a SET NOT NULL;", "ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT t_a_not_null; ALTER TABLE t ALTER COLUMN a SET NOT NULL; ALTER TABLE t DROP CONSTRAINT t_a_not_null;")]
    [InlineData("ALTER TABLE t ADD CONSTRAINT t_u_fkey FOREIGN KEY (u) REFERENCES u (id);", "ALTER TABLE t ADD CONSTRAINT t_u_fkey FOREIGN KEY (u) REFERENCES u (id) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT t_u_fkey;")]
    [InlineData("ALTER TABLE t ADD COLUMN IF NOT EXISTS n int NOT NULL;", "ALTER TABLE t ADD COLUMN IF NOT EXISTS n int DEFAULT <value> NOT NULL")]
    [InlineData("ALTER TABLE IF EXISTS trips RENAME TO journeys;", null)]
    [InlineData("ALTER INDEX trips_idx RENAME TO journeys_idx;", "ALTER INDEX IF EXISTS trips_idx RENAME TO journeys_idx")]
    public async Task The_fix_is_the_statement_written_with_its_guard(string sql, string? fix)
    {
        var findings = await LintFolder.LintAsync(sql);

        if (fix is null)
            Assert.DoesNotContain(findings, f => f.Severity == LintSeverity.Error);
        else
            Assert.Contains(findings, f => f.Fix == fix);
    }

    [Fact]
    public async Task Fixes_that_need_a_do_block_name_the_catalog_check()
    {
        var findings = await LintFolder.LintAsync(
            "ALTER TABLE public.trips ADD CONSTRAINT trips_title_key UNIQUE (title);\n"
            + "ALTER PUBLICATION supabase_realtime ADD TABLE public.jobs;\n"
            + "CREATE TYPE public.mood AS ENUM ('happy');\n");

        Assert.Equal(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'trips_title_key' AND conrelid = 'public.trips'::regclass) "
            + "THEN ALTER TABLE public.trips ADD CONSTRAINT trips_title_key UNIQUE (title); END IF; END $$;",
            Assert.Single(findings, f => f.RuleId == "WM104").Fix);
        Assert.Equal(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_publication_rel WHERE prpubid = (SELECT oid FROM pg_publication WHERE pubname = 'supabase_realtime') "
            + "AND prrelid = 'public.jobs'::regclass) THEN ALTER PUBLICATION supabase_realtime ADD TABLE public.jobs; END IF; END $$;",
            Assert.Single(findings, f => f.RuleId == "WM110").Fix);
        Assert.Equal(
            "DO $$ BEGIN CREATE TYPE public.mood AS ENUM ('happy'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
            Assert.Single(findings, f => f.RuleId == "WM107").Fix);
    }

    [Fact]
    public async Task The_type_change_fix_is_three_steps_each_guarded_so_it_is_sql_that_runs_twice()
    {
        var finding = Assert.Single(await LintFolder.LintAsync("ALTER TABLE t ALTER COLUMN \"Price\" TYPE bigint;"), f => f.RuleId == "WM204");

        var script = SqlLexer.Split(finding.Fix!);

        Assert.Empty(script.Problems);
        var steps = script.Statements.Where(s => !s.IsEmpty).ToList();
        Assert.Equal(3, steps.Count);
        Assert.All(steps, step => Assert.Equal("DO", step.Keywords(1).Single()));
        Assert.Contains("ALTER TABLE t RENAME COLUMN \"Price\" TO \"Price_old\"; ALTER TABLE t RENAME COLUMN \"Price_new\" TO \"Price\";", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finding_points_at_the_statement_or_the_alter_table_action()
    {
        var findings = await LintFolder.LintAsync(
            "-- header\n\n  CREATE TABLE t (a int);\nALTER TABLE u\n    ADD COLUMN IF NOT EXISTS b int,\n    ADD COLUMN c int;\n");

        var create = Assert.Single(findings, f => f.RuleId == "WM101");
        Assert.Equal((3, 3), (create.Line, create.Column));
        var add = Assert.Single(findings, f => f.RuleId == "WM103");
        Assert.Equal((6, 5), (add.Line, add.Column));
        Assert.Contains("ADD COLUMN c to u", add.Message, StringComparison.Ordinal);
        Assert.EndsWith(".sql", create.File, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT 'CREATE TABLE x (a int); DROP TABLE y';")]
    [InlineData("-- CREATE TABLE x (a int);\n/* DROP TABLE y; */\nSELECT 1;")]
    [InlineData("DO $$ BEGIN CREATE TABLE x (a int); DROP TABLE y; INSERT INTO z VALUES (1); END $$;")]
    [InlineData("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN CREATE TYPE mood AS ENUM ('a'); END IF; END $$;")]
    [InlineData("CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN INSERT INTO log VALUES (1); DROP TABLE t; END $$;")]
    [InlineData("")]
    [InlineData("-- only a comment\n")]
    public async Task Keywords_in_strings_comments_bodies_and_do_blocks_do_not_count(string sql)
    {
        var findings = await LintFolder.LintAsync(sql);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Objects_a_file_drops_and_creates_again_are_safe_to_run_twice()
    {
        var findings = await LintFolder.LintAsync(
            "DROP VIEW user_view CASCADE;\n"
            + "CREATE VIEW user_view AS SELECT 1 AS id;\n"
            + "CREATE MATERIALIZED VIEW user_mview AS SELECT * FROM user_view;\n"
            + "CREATE UNIQUE INDEX idx_user_mview_id ON user_mview (id);\n"
            + "DROP INDEX idx_a;\n"
            + "CREATE INDEX idx_a ON t (a);\n"
            + "ALTER TABLE t DROP COLUMN score, ADD COLUMN score int;\n");

        Assert.DoesNotContain(findings, f => f.RuleId.StartsWith("WM1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dependents_of_a_table_dropped_earlier_in_the_file_are_new()
    {
        var findings = await LintFolder.LintAsync(
            "DROP TABLE IF EXISTS agg;\nCREATE TABLE IF NOT EXISTS agg AS SELECT 1 AS id;\nALTER TABLE agg ADD PRIMARY KEY (id);\n"
            + "CREATE TRIGGER tr AFTER INSERT ON agg FOR EACH ROW EXECUTE FUNCTION f();\n");

        Assert.DoesNotContain(findings, f => f.RuleId is "WM104" or "WM106");
    }

    [Fact]
    public async Task A_table_created_by_an_earlier_file_is_existing_and_the_message_says_where_it_came_from()
    {
        using var folder = new LintFolder();
        folder.Add("CREATE TABLE IF NOT EXISTS public.trips (id bigint, title text);", "trips");
        folder.Add("CREATE INDEX IF NOT EXISTS trips_title_idx ON public.trips (title);", "index");

        var findings = await folder.LintAsync();

        var finding = Assert.Single(findings);
        Assert.Equal("WM201", finding.RuleId);
        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains("created by 20250101000000_trips.sql", finding.Message, StringComparison.Ordinal);
        Assert.Equal("CREATE INDEX CONCURRENTLY IF NOT EXISTS trips_title_idx ON public.trips (title)", finding.Fix);
    }

    [Fact]
    public async Task Problems_with_the_files_are_wm001_errors()
    {
        using var folder = new LintFolder();
        folder.AddNamed("not_a_migration.sql", "SELECT 1;");
        folder.Add("SELECT 'unterminated;\n", "broken");

        var findings = await folder.LintAsync();

        Assert.Equal(2, findings.Count(f => f.RuleId == "WM001" && f.Severity == LintSeverity.Error));
        Assert.Contains(findings, f => f.RuleId == "WM001" && f.File.EndsWith("not_a_migration.sql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_disabled_rule_is_not_checked()
    {
        var options = new LintOptions { DisabledRules = ["wm109"] };

        var findings = await LintFolder.LintAsync("INSERT INTO t VALUES (1);\nDROP TABLE x;", options);

        Assert.DoesNotContain(findings, f => f.RuleId == "WM109");
        Assert.Contains(findings, f => f.RuleId == "WM108");
    }

    [Theory]
    [InlineData("WM999", "unknown lint rule 'WM999'")]
    [InlineData("create-without-if-not-exists", "unknown lint rule")]
    [InlineData("WM001", "cannot be disabled")]
    public async Task An_unknown_or_fixed_rule_in_the_disabled_rules_is_a_usage_error(string id, string expected)
    {
        var options = new LintOptions { DisabledRules = [id] };

        var error = await Assert.ThrowsAsync<MigrateException>(() => LintFolder.LintAsync("SELECT 1;", options));

        Assert.Equal(FailureKind.Usage, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_ids_are_unique_and_follow_the_scheme()
    {
        var ids = LintRules.All.Select(r => r.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(LintRules.All, rule =>
        {
            Assert.Matches("^WM[0-3][0-9]{2}$", rule.Id);
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", rule.Name);
            Assert.NotEqual("other", rule.Category);
            Assert.False(string.IsNullOrWhiteSpace(rule.Title));
            Assert.False(string.IsNullOrWhiteSpace(rule.Help));
        });
    }
}
