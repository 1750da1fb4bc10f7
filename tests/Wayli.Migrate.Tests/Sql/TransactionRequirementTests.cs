using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Sql;

public sealed class TransactionRequirementTests
{
    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY i ON t (a);", "CREATE INDEX CONCURRENTLY")]
    [InlineData("create unique index concurrently if not exists i on t (a);", "CREATE INDEX CONCURRENTLY")]
    [InlineData("/* why */ CREATE UNIQUE INDEX CONCURRENTLY i ON t (a);", "CREATE INDEX CONCURRENTLY")]
    [InlineData("DROP INDEX CONCURRENTLY IF EXISTS i;", "DROP INDEX CONCURRENTLY")]
    [InlineData("REINDEX TABLE CONCURRENTLY t;", "REINDEX")]
    [InlineData("REINDEX (VERBOSE, CONCURRENTLY) INDEX i;", "REINDEX")]
    [InlineData("REINDEX SCHEMA public;", "REINDEX")]
    [InlineData("REINDEX DATABASE app;", "REINDEX")]
    [InlineData("REINDEX SYSTEM app;", "REINDEX")]
    [InlineData("VACUUM (ANALYZE) t;", "VACUUM")]
    [InlineData("vacuum;", "VACUUM")]
    [InlineData("CREATE DATABASE other;", "CREATE DATABASE")]
    [InlineData("DROP DATABASE IF EXISTS other;", "DROP DATABASE")]
    [InlineData("CREATE TABLESPACE fast LOCATION '/ssd';", "CREATE TABLESPACE")]
    [InlineData("DROP TABLESPACE fast;", "DROP TABLESPACE")]
    [InlineData("ALTER DATABASE app SET TABLESPACE fast;", "SET TABLESPACE")]
    [InlineData("ALTER SYSTEM SET work_mem = '64MB';", "ALTER SYSTEM")]
    [InlineData("DISCARD ALL;", "DISCARD ALL")]
    [InlineData("CLUSTER;", "CLUSTER")]
    [InlineData("ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;", "DETACH PARTITION CONCURRENTLY")]
    [InlineData("CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p;", "CREATE SUBSCRIPTION")]
    [InlineData("DROP SUBSCRIPTION s;", "DROP SUBSCRIPTION")]
    [InlineData("ALTER SUBSCRIPTION s REFRESH PUBLICATION;", "ALTER SUBSCRIPTION")]
    [InlineData("ALTER SUBSCRIPTION s SET PUBLICATION p2;", "ALTER SUBSCRIPTION")]
    [InlineData("BEGIN;", "starts a transaction")]
    [InlineData("START TRANSACTION ISOLATION LEVEL SERIALIZABLE;", "starts a transaction")]
    [InlineData("COMMIT;", "commits itself")]
    [InlineData("END;", "commits itself")]
    [InlineData("ROLLBACK;", "rolls back itself")]
    [InlineData("PREPARE TRANSACTION 'x';", "PREPARE TRANSACTION")]
    [InlineData("DO $$ BEGIN PERFORM 1; COMMIT; END $$;", "DO block")]
    [InlineData("DO $body$ BEGIN LOOP EXIT; END LOOP; rollback; END $body$ LANGUAGE plpgsql;", "DO block")]
    public void Statements_postgresql_refuses_in_a_transaction_block_are_detected(string sql, string expected)
    {
        var statement = SqlLexer.Split(sql).Statements[0];

        var why = TransactionRequirement.Explain(statement);

        Assert.NotNull(why);
        Assert.Contains(expected, why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE INDEX i ON t (a);")]
    [InlineData("CREATE UNIQUE INDEX IF NOT EXISTS concurrently_named ON t (a);")]
    [InlineData("-- CREATE INDEX CONCURRENTLY i ON t (a);\nSELECT 1;")]
    [InlineData("SELECT 'VACUUM; COMMIT';")]
    [InlineData("REINDEX TABLE t;")]
    [InlineData("ANALYZE t;")]
    [InlineData("CLUSTER t USING t_pkey;")]
    [InlineData("ROLLBACK TO SAVEPOINT s;")]
    [InlineData("SAVEPOINT s;")]
    [InlineData("DO $$ BEGIN RAISE NOTICE 'commit later'; END $$;")]
    [InlineData("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN COMMIT; END $$;")]
    [InlineData("CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (create_slot = false);")]
    [InlineData("ALTER SUBSCRIPTION s SET PUBLICATION p2 WITH (refresh = false);")]
    [InlineData("ALTER DATABASE app SET search_path = app, public;")]
    [InlineData("CREATE TABLE t (begin_at timestamptz, vacuum int);")]
    public void Ordinary_statements_run_in_the_transaction(string sql)
    {
        var statement = SqlLexer.Split(sql).Statements.First(s => !s.IsEmpty);

        Assert.Null(TransactionRequirement.Explain(statement));
    }

    [Fact]
    public void A_file_is_non_transactional_when_any_statement_needs_it_and_the_reason_names_that_statement()
    {
        var script = SqlLexer.Split("CREATE TABLE t (a int);\n\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n");

        var plan = TransactionRequirement.Analyze(script, MigrationDirectives.Parse(script));

        Assert.Equal(TransactionMode.NonTransactional, plan.Mode);
        Assert.False(plan.ForcedByDirective);
        Assert.StartsWith("statement 2 (line 3)", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_file_is_transactional()
    {
        var script = SqlLexer.Split("CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\n");

        Assert.Equal(TransactionPlan.Default, TransactionRequirement.Analyze(script, MigrationDirectives.Parse(script)));
    }

    [Theory]
    [InlineData("-- migrate:no-transaction\nCREATE TABLE t (a int);", TransactionMode.NonTransactional)]
    [InlineData("-- a comment first\n--   MIGRATE:NO-TRANSACTION  \nSELECT 1;", TransactionMode.NonTransactional)]
    [InlineData("-- migrate:transaction\nCREATE INDEX CONCURRENTLY i ON t (a);", TransactionMode.Transactional)]
    public void A_directive_at_the_top_forces_the_mode(string sql, TransactionMode expected)
    {
        var script = SqlLexer.Split(sql);

        var plan = TransactionRequirement.Analyze(script, MigrationDirectives.Parse(script));

        Assert.Equal(expected, plan.Mode);
        Assert.True(plan.ForcedByDirective);
    }

    [Fact]
    public void A_directive_after_the_first_statement_is_only_a_comment()
    {
        var script = SqlLexer.Split("SELECT 1;\n-- migrate:no-transaction\nSELECT 2;");

        var directives = MigrationDirectives.Parse(script);

        Assert.Null(directives.Mode);
        Assert.Empty(directives.Problems);
    }

    [Theory]
    [InlineData("-- migrate:no-transactoin\nSELECT 1;", "unknown directive")]
    [InlineData("-- migrate:upward\nSELECT 1;", "unknown directive")]
    [InlineData("-- migrate:transaction\n-- migrate:no-transaction\nSELECT 1;", "contradicts the one on line 1")]
    public void Unknown_or_contradictory_directives_are_problems_with_their_line(string sql, string message)
    {
        var directives = MigrationDirectives.Parse(SqlLexer.Split(sql));

        var problem = Assert.Single(directives.Problems);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(sql.StartsWith("-- migrate:transaction", StringComparison.Ordinal) ? 2 : 1, problem.Line);
    }

    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY idx_a ON t (a);", "idx_a")]
    [InlineData("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_b on t (a);", "idx_b")]
    [InlineData("create index concurrently storage.idx_c on storage.t (a);", "storage.idx_c")]
    [InlineData("CREATE INDEX CONCURRENTLY \"Odd Name\" ON t (a);", "\"Odd Name\"")]
    [InlineData("CREATE INDEX CONCURRENTLY ON t (a);", null)]
    [InlineData("CREATE INDEX idx_d ON t (a);", null)]
    public void The_name_of_a_concurrent_index_is_read_as_written(string sql, string? expected)
    {
        Assert.Equal(expected, ConcurrentIndex.CreatedName(SqlLexer.Split(sql).Statements[0]));
    }

    const string CommittingProcedure = """
        CREATE OR REPLACE PROCEDURE app.backfill() LANGUAGE plpgsql AS $$
        BEGIN
            FOR i IN 1..10 LOOP
                UPDATE t SET done = true WHERE id = i;
                COMMIT;
            END LOOP;
        END $$;

        """;

    [Theory]
    [InlineData("CALL app.backfill();")]
    [InlineData("call backfill();")]
    [InlineData("DO $$ BEGIN CALL app.backfill(); END $$;")]
    public void Calling_a_procedure_the_file_creates_and_that_commits_makes_the_file_run_outside_a_transaction(string call)
    {
        var script = SqlLexer.Split(CommittingProcedure + call);

        var plan = TransactionRequirement.Analyze(script, MigrationDirectives.Parse(script));

        Assert.Equal(TransactionMode.NonTransactional, plan.Mode);
        Assert.Contains("calls procedure app.backfill, which this file creates and which commits or rolls back", plan.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CALL other.backfill();")]
    [InlineData("CALL somebody_else();")]
    [InlineData("SELECT 'CALL app.backfill()';")]
    public void A_call_of_another_procedure_or_no_call_at_all_keeps_the_file_in_one_transaction(string call)
    {
        var script = SqlLexer.Split(CommittingProcedure + call);

        Assert.Equal(TransactionPlan.Default, TransactionRequirement.Analyze(script, MigrationDirectives.Parse(script)));
    }

    [Fact]
    public void A_procedure_that_does_not_commit_may_be_called_in_the_transaction()
    {
        var script = SqlLexer.Split("CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN UPDATE t SET done = true; END $$;\nCALL p();");

        Assert.Equal(TransactionPlan.Default, TransactionRequirement.Analyze(script, MigrationDirectives.Parse(script)));
    }

    [Theory]
    [InlineData("BEGIN;", TransactionControl.Begin)]
    [InlineData("begin isolation level serializable;", TransactionControl.Begin)]
    [InlineData("START TRANSACTION;", TransactionControl.Begin)]
    [InlineData("COMMIT;", TransactionControl.Commit)]
    [InlineData("end;", TransactionControl.Commit)]
    [InlineData("ROLLBACK;", TransactionControl.Rollback)]
    [InlineData("ABORT;", TransactionControl.Rollback)]
    [InlineData("ROLLBACK TO SAVEPOINT s;", TransactionControl.None)]
    [InlineData("COMMIT AND CHAIN;", TransactionControl.None)]
    [InlineData("COMMIT PREPARED 'x';", TransactionControl.None)]
    [InlineData("/* BEGIN */ SELECT 1;", TransactionControl.None)]
    public void Transaction_control_statements_are_told_apart_by_their_leading_words(string sql, TransactionControl expected)
    {
        Assert.Equal(expected, TransactionControls.Of(SqlLexer.Split(sql).Statements[0]));
    }
}
