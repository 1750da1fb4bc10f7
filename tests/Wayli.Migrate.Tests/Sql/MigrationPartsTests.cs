using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Sql;

/// <summary>
/// Issue 18: a <c>-- migrate:down</c> line between statements starts a file's down part; the lexer and the transaction
/// rules apply to each part on its own, and a misplaced marker is a problem with its line.
/// </summary>
public sealed class MigrationPartsTests
{
    [Fact]
    public void A_down_marker_between_statements_splits_the_file_into_its_up_and_down_parts()
    {
        var script = SqlLexer.Split("-- migrate:up\nCREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n\n-- migrate:down\nDROP TABLE t;\n");

        var parts = MigrationParts.Of(script);

        Assert.Empty(parts.Problems);
        Assert.Equal(5, parts.DownLine);
        Assert.Equal(["CREATE TABLE t (id int);", "INSERT INTO t VALUES (1);"], parts.Up.Where(s => !s.IsEmpty).Select(s => s.Text.Trim().Split('\n')[^1]));
        Assert.Equal(["DROP TABLE t;"], parts.Down.Where(s => !s.IsEmpty).Select(s => s.Text.Trim().Split('\n')[^1]));
        Assert.True(parts.HasDown);
        // The parts together are the file: nothing is lost between them.
        Assert.Equal(script.Text, string.Concat(parts.Up.Concat(parts.Down).Select(s => s.Text)));
    }

    [Theory]
    [InlineData("CREATE TABLE t (note text DEFAULT '\n-- migrate:down\n');\n")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n-- migrate:down\nSELECT 1 $$;\n")]
    [InlineData("/*\n-- migrate:down\n*/ CREATE TABLE t (id int);\n")]
    [InlineData("-- migrate:downgrade notes\nCREATE TABLE t (id int);\n")]
    public void A_marker_in_a_string_a_body_or_a_block_comment_is_not_one(string sql)
    {
        var parts = MigrationParts.Of(SqlLexer.Split(sql));

        Assert.Null(parts.DownLine);
        Assert.Empty(parts.Down);
        Assert.Empty(parts.Problems);
    }

    [Theory]
    [InlineData("CREATE TABLE t (\n-- migrate:down\nid int);\n", 2, "between two statements, not inside the statement on line 1")]
    [InlineData("SELECT 1;\n-- migrate:down\nSELECT 2;\n-- migrate:down\nSELECT 3;\n", 4, "a second -- migrate:down (the first is on line 2)")]
    [InlineData("SELECT 1;\n-- migrate:up\nSELECT 2;\n", 2, "-- migrate:up may only open the file")]
    [InlineData("-- migrate:up transaction:false\nSELECT 1;\n", 1, "write -- migrate:no-transaction on the line after")]
    [InlineData("SELECT 1;\n-- migrate:down now\nSELECT 2;\n", 2, "unexpected 'now' after -- migrate:down")]
    public void A_misplaced_repeated_or_decorated_marker_is_a_problem_on_its_line(string sql, int line, string message)
    {
        var parts = MigrationParts.Of(SqlLexer.Split(sql));

        var problem = Assert.Single(parts.Problems);
        Assert.Equal(line, problem.Line);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_part_has_its_own_transaction_mode_detected_or_forced_by_a_directive_after_the_marker()
    {
        var detected = Analyze("CREATE TABLE t (id int);\n-- migrate:down\nDROP INDEX CONCURRENTLY IF EXISTS t_id;\nDROP TABLE t;\n");
        var forced = Analyze("CREATE INDEX CONCURRENTLY IF NOT EXISTS t_id ON t (id);\n-- migrate:down\n-- migrate:transaction\nDROP INDEX IF EXISTS t_id;\n");

        Assert.Equal(TransactionMode.Transactional, detected.Transaction.Mode);
        Assert.Equal(TransactionMode.NonTransactional, detected.Down!.Mode);
        Assert.Contains("statement 1 (line 3)", detected.Down.Reason, StringComparison.Ordinal);
        Assert.Equal(TransactionMode.NonTransactional, forced.Transaction.Mode);
        Assert.Equal(TransactionMode.Transactional, forced.Down!.Mode);
        Assert.True(forced.Down.ForcedByDirective);
    }

    [Fact]
    public void A_directive_at_the_top_forces_the_up_part_only_and_a_marker_with_nothing_after_it_is_no_down_part()
    {
        var analysis = Analyze("-- migrate:up\n-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (id);\n-- migrate:down\n");

        Assert.Empty(analysis.Problems);
        Assert.Equal(TransactionMode.NonTransactional, analysis.Transaction.Mode);
        Assert.Null(analysis.Down);
        Assert.Equal(4, analysis.DownLine);
    }

    [Fact]
    public void The_down_part_is_lexed_too_and_its_problems_carry_the_files_lines()
    {
        var analysis = Analyze("CREATE TABLE t (id int);\n-- migrate:down\n-- migrate:no-transactoin\n\\set x 1\nDROP TABLE t;\n");

        Assert.Contains(analysis.Problems, p => p.Line == 3 && p.Message.Contains("unknown directive", StringComparison.Ordinal));
        Assert.Contains(analysis.Problems, p => p.Line == 4 && p.Message.Contains("psql", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Migrate_sends_the_up_part_only_and_the_down_view_sends_the_down_part()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("CREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n");
        var migration = MigrationParser.Parse(MigrationFileName.TryParse("20250101000000_t.sql", out _)!, "20250101000000_t.sql", "x/20250101000000_t.sql",
            bytes, [], () => bytes, lexNow: true)!;

        var up = migration.ReadContent().StatementsToSend.Select(s => s.Text.Trim());
        var down = migration.Down!.ReadContent().StatementsToSend.Select(s => s.Text.Trim().Split('\n')[^1]);

        Assert.Equal(["CREATE TABLE t (id int);"], up);
        Assert.Equal(["DROP TABLE t;"], down);
        Assert.Equal(MigrationDirection.Down, migration.Down.Direction);
        Assert.Equal(migration.Checksum, migration.Down.Checksum);
        Assert.Null(migration.Down.Down);
    }

    static MigrationAnalysis Analyze(string sql) => MigrationAnalysis.Of(SqlLexer.Split(sql));
}
