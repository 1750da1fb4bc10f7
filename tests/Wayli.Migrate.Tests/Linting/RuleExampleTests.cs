using Wayli.Migrate.Linting;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Linting;

/// <summary>Every statement rule flags its violating example and leaves its compliant one alone.</summary>
public sealed class RuleExampleTests
{
    /// <summary>(rule, violating SQL, compliant SQL): each rule has at least one row.</summary>
    static readonly (string Rule, string Violating, string Compliant)[] Rows =
    [
        ("WM101", "CREATE TABLE public.trips (id bigint PRIMARY KEY);", "CREATE TABLE IF NOT EXISTS public.trips (id bigint PRIMARY KEY);"),
        ("WM101", "CREATE UNIQUE INDEX trips_title_idx ON trips (title);", "CREATE UNIQUE INDEX IF NOT EXISTS trips_title_idx ON trips (title);"),
        ("WM101", "CREATE INDEX ON trips (title);", "CREATE INDEX IF NOT EXISTS trips_title_idx ON trips (title);"),
        ("WM101", "CREATE SCHEMA app;", "CREATE SCHEMA IF NOT EXISTS app;"),
        ("WM101", "CREATE SEQUENCE app.seq;", "CREATE SEQUENCE IF NOT EXISTS app.seq;"),
        ("WM101", "CREATE EXTENSION pg_trgm;", "CREATE EXTENSION IF NOT EXISTS pg_trgm;"),
        ("WM101", "CREATE MATERIALIZED VIEW stats AS SELECT 1 AS x;", "CREATE MATERIALIZED VIEW IF NOT EXISTS stats AS SELECT 1 AS x;"),
        ("WM101", "CREATE TABLE t (a int);", "DROP TABLE IF EXISTS t;\nCREATE TABLE t (a int);"),
        ("WM101", "CREATE TABLE t (a int);", "CREATE TEMP TABLE t (a int);"),
        ("WM102", "CREATE VIEW v AS SELECT 1;", "CREATE OR REPLACE VIEW v AS SELECT 1;"),
        ("WM102", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;", "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"),
        ("WM102", "CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$;", "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$;"),
        ("WM102", "CREATE VIEW v AS SELECT 1;", "DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT 1;"),
        ("WM103", "ALTER TABLE t ADD COLUMN a int;", "ALTER TABLE t ADD COLUMN IF NOT EXISTS a int;"),
        ("WM103", "ALTER TABLE t ADD a int;", "ALTER TABLE t DROP COLUMN IF EXISTS a, ADD COLUMN a int;"),
        ("WM104", "ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID;", "ALTER TABLE t DROP CONSTRAINT IF EXISTS t_a_check;\nALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID;"),
        ("WM104", "ALTER TABLE t ADD UNIQUE (a);", "DO $$ BEGIN ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a); EXCEPTION WHEN duplicate_object THEN NULL; END $$;"),
        ("WM104", "ALTER TABLE t ADD PRIMARY KEY (id);", "ALTER TABLE t DROP CONSTRAINT IF EXISTS t_pkey, ADD PRIMARY KEY (id);"),
        ("WM105", "CREATE POLICY \"owners read\" ON public.trips FOR SELECT USING (true);", "DROP POLICY IF EXISTS \"owners read\" ON public.trips;\nCREATE POLICY \"owners read\" ON public.trips FOR SELECT USING (true);"),
        ("WM106", "CREATE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();", "CREATE OR REPLACE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"),
        ("WM106", "CREATE CONSTRAINT TRIGGER c AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();", "DROP TRIGGER IF EXISTS c ON t;\nCREATE CONSTRAINT TRIGGER c AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();"),
        ("WM107", "CREATE TYPE mood AS ENUM ('happy', 'sad');", "DO $$ BEGIN CREATE TYPE mood AS ENUM ('happy', 'sad'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;"),
        ("WM107", "CREATE DOMAIN positive AS int CHECK (VALUE > 0);", "DROP DOMAIN IF EXISTS positive;\nCREATE DOMAIN positive AS int CHECK (VALUE > 0);"),
        ("WM108", "DROP TABLE old_trips;", "DROP TABLE IF EXISTS old_trips;"),
        ("WM108", "DROP INDEX CONCURRENTLY trips_idx;", "DROP INDEX CONCURRENTLY IF EXISTS trips_idx;"),
        ("WM108", "ALTER TABLE t DROP COLUMN a;", "ALTER TABLE t DROP COLUMN IF EXISTS a;"),
        ("WM108", "ALTER TABLE t DROP CONSTRAINT t_a_check;", "ALTER TABLE t DROP CONSTRAINT IF EXISTS t_a_check;"),
        ("WM108", "DROP VIEW v;", "DROP VIEW v;\nCREATE VIEW v AS SELECT 1;"),
        ("WM109", "INSERT INTO settings (key, value) VALUES ('theme', 'dark');", "INSERT INTO settings (key, value) VALUES ('theme', 'dark') ON CONFLICT DO NOTHING;"),
        ("WM109", "INSERT INTO settings (key) SELECT 'theme';", "INSERT INTO settings (key) SELECT 'theme' WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'theme');"),
        ("WM110", "ALTER PUBLICATION supabase_realtime ADD TABLE public.jobs;", "ALTER PUBLICATION supabase_realtime SET TABLE public.jobs;"),
        ("WM110", "ALTER PUBLICATION supabase_realtime ADD TABLE public.jobs;", "DO $$ BEGIN ALTER PUBLICATION supabase_realtime ADD TABLE public.jobs; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"),
        ("WM111", "ALTER TABLE t RENAME COLUMN a TO b;", "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'a') THEN ALTER TABLE t RENAME COLUMN a TO b; END IF; END $$;"),
        ("WM111", "ALTER TABLE t RENAME TO u;", "ALTER TABLE IF EXISTS t RENAME TO u;"),
        ("WM111", "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';", "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_enum WHERE enumlabel = 'sad') THEN ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'; END IF; END $$;"),
        ("WM112", "ALTER TYPE mood ADD VALUE 'calm';", "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm';"),
        ("WM113", "ALTER TABLE t ALTER COLUMN price TYPE bigint USING price * 100;", "ALTER TABLE t ALTER COLUMN price TYPE bigint USING price::bigint;"),
        ("WM201", "CREATE INDEX IF NOT EXISTS trips_title_idx ON public.trips (title);", "CREATE INDEX CONCURRENTLY IF NOT EXISTS trips_title_idx ON public.trips (title);"),
        ("WM201", "CREATE INDEX IF NOT EXISTS trips_title_idx ON public.trips (title);", "CREATE TABLE IF NOT EXISTS public.trips (title text);\nCREATE INDEX IF NOT EXISTS trips_title_idx ON public.trips (title);"),
        ("WM202", "ALTER TABLE t ADD COLUMN IF NOT EXISTS a int NOT NULL;", "ALTER TABLE t ADD COLUMN IF NOT EXISTS a int NOT NULL DEFAULT 0;"),
        ("WM202", "ALTER TABLE t ADD COLUMN IF NOT EXISTS id uuid PRIMARY KEY;", "ALTER TABLE t ADD COLUMN IF NOT EXISTS id bigserial PRIMARY KEY;"),
        ("WM203", "ALTER TABLE t ALTER COLUMN a SET NOT NULL;", "CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;"),
        ("WM204", "ALTER TABLE t ALTER COLUMN a TYPE bigint;", "CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ALTER COLUMN a SET DATA TYPE bigint;"),
        ("WM205", "ALTER TABLE t DROP CONSTRAINT IF EXISTS t_u_fkey, ADD CONSTRAINT t_u_fkey FOREIGN KEY (u) REFERENCES u (id);", "ALTER TABLE t DROP CONSTRAINT IF EXISTS t_u_fkey, ADD CONSTRAINT t_u_fkey FOREIGN KEY (u) REFERENCES u (id) NOT VALID;"),
        ("WM205", "ALTER TABLE t DROP CONSTRAINT IF EXISTS t_a_check, ADD CONSTRAINT t_a_check CHECK (a > 0);", "CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t DROP CONSTRAINT IF EXISTS t_a_check, ADD CONSTRAINT t_a_check CHECK (a > 0);"),
        ("WM301", "CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;", "CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT 1 $$;"),
        ("WM301", "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;", "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql SECURITY INVOKER AS $$ SELECT 1 $$;"),
    ];

    public static TheoryData<string, string, string> Examples { get; } = new(Rows);

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_violating_example_is_flagged(string rule, string violating, string compliant)
    {
        _ = compliant;
        var findings = await LintFolder.LintAsync(violating);

        var finding = Assert.Single(findings, f => f.RuleId == rule);
        Assert.False(string.IsNullOrWhiteSpace(finding.Message));
        Assert.False(string.IsNullOrWhiteSpace(finding.Fix));
        Assert.Equal(LintRules.Find(rule)!.Severity, finding.Severity);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_compliant_example_is_not_flagged(string rule, string violating, string compliant)
    {
        _ = violating;
        var findings = await LintFolder.LintAsync(compliant);

        Assert.DoesNotContain(findings, f => f.RuleId == rule);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_fix_written_in_place_of_the_violating_statement_passes_lint(string rule, string violating, string compliant)
    {
        _ = compliant;
        var finding = Assert.Single(await LintFolder.LintAsync(violating), f => f.RuleId == rule);
        var fixedSql = WithFix(violating, finding);

        var findings = await LintFolder.LintAsync(fixedSql);

        Assert.True(
            !findings.Any(f => f.RuleId == rule || f.Severity == LintSeverity.Error),
            $"{rule}'s fix, written in place of the statement:\n{fixedSql}\nstill gives:\n{string.Join('\n', findings.Select(f => $"{f.RuleId} {f.Severity}: {f.Message}"))}");
    }

    /// <summary><paramref name="sql"/> with the statement the finding points at replaced by the finding's fix, as a user would paste it.</summary>
    static string WithFix(string sql, LintFinding finding)
    {
        var script = SqlLexer.Split(sql);
        var statement = script.Statements.Last(s => !s.IsEmpty && (s.Line, s.Column).CompareTo((finding.Line, finding.Column)) <= 0);
        var start = statement.StartOffset;
        var end = statement.Offset + statement.Text.Length;
        var fix = finding.Fix!.TrimEnd();
        return sql[..start] + (fix.EndsWith(';') ? fix : fix + ";") + sql[end..];
    }

    [Fact]
    public void Every_statement_rule_has_an_example()
    {
        var covered = Rows.Select(row => row.Rule).ToHashSet();

        var statementRules = LintRules.All.Where(r => r.Category != "files").Select(r => r.Id);

        Assert.All(statementRules, id => Assert.Contains(id, covered));
    }
}
