using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Sql;

public class SqlLexerProblemTests
{
    [Theory]
    [InlineData("select 'abc\n;\n", "unterminated quoted string '...' (opened here)")]
    [InlineData("select E'abc\\'\n;\n", "unterminated escape string E'...' (opened here)")]
    [InlineData("select \"abc\n;\n", "unterminated quoted identifier \"...\" (opened here)")]
    [InlineData("select U&\"abc\n;\n", "unterminated quoted identifier U&\"...\" (opened here)")]
    [InlineData("select U&'abc\n;\n", "unterminated string U&'...' (opened here)")]
    [InlineData("select B'01\n;\n", "unterminated bit string B'...' (opened here)")]
    [InlineData("select X'0F\n;\n", "unterminated hex string X'...' (opened here)")]
    [InlineData("select N'ab\n;\n", "unterminated string N'...' (opened here)")]
    [InlineData("select $fn$ body\n;\n", "unterminated dollar-quoted string $fn$ (opened here)")]
    [InlineData("select $$ body\n;\n", "unterminated dollar-quoted string $$ (opened here)")]
    [InlineData("select /* a /* b */\n;\n", "unterminated block comment /* ... */ (opened here)")]
    public void Unterminated_constructs_are_reported_where_they_open(string second, string message)
    {
        var script = LexerAssert.Split("select 1;\n" + second);

        var problem = Assert.Single(script.Problems);
        Assert.Equal(new SqlProblem(2, 8, message), problem);
        Assert.Equal(2, script.Statements.Count);
    }

    [Fact]
    public void Unterminated_dollar_quote_after_a_mismatched_tag_names_the_opening_tag()
    {
        var problem = LexerAssert.OneProblem("do $a$ begin $b$ end $b$;");
        Assert.Equal(new SqlProblem(1, 4, "unterminated dollar-quoted string $a$ (opened here)"), problem);
    }

    [Fact]
    public void Unclosed_parenthesis_is_reported_where_it_opens()
    {
        var script = LexerAssert.Split("select 1;\nselect (1; select 2;");

        Assert.Equal(2, script.Statements.Count);
        var problem = Assert.Single(script.Problems);
        Assert.Equal((2, 8), (problem.Line, problem.Column));
        Assert.StartsWith("unclosed parenthesis", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\i other.sql\nselect 1;", "i")]
    [InlineData("\\set ON_ERROR_STOP on\nselect 1;", "set")]
    [InlineData("\\connect db\nselect 1;", "connect")]
    [InlineData("\\c db\nselect 1;", "c")]
    [InlineData("  -- setup\n  \\ir ../x.sql\nselect 1;", "ir")]
    public void Psql_meta_commands_are_reported_by_name(string text, string command)
    {
        var problem = LexerAssert.OneProblem(text);

        Assert.Equal($"psql meta-command \\{command} is not SQL; run the file with psql or remove it", problem.Message);
        Assert.Equal(text.StartsWith(' ') ? (2, 3) : (1, 1), (problem.Line, problem.Column));
    }

    [Fact]
    public void A_meta_command_between_statements_is_reported_at_its_line()
    {
        var problem = LexerAssert.OneProblem("select 1;\n\\c other\nselect 2;");
        Assert.Equal((2, 1), (problem.Line, problem.Column));
    }

    [Fact]
    public void A_meta_command_line_is_not_lexed_as_sql()
    {
        var problem = LexerAssert.OneProblem("\\echo it's done\nselect 1;");
        Assert.Contains("\\echo", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backslashes_inside_quotes_are_not_meta_commands()
    {
        LexerAssert.Clean("select '\\i', E'\\\\', $$\\c$$, \"\\set\"; -- \\i\n/* \\c */");
    }

    [Fact]
    public void Copy_from_stdin_is_reported_and_its_rows_are_not_lexed()
    {
        const string text = "insert into t values (0);\nCOPY t (a, b) FROM stdin WITH (FORMAT text);\n1\tit's\n\\.\nselect 1;";
        var script = LexerAssert.Split(text);

        var problem = Assert.Single(script.Problems);
        Assert.Equal((2, 1), (problem.Line, problem.Column));
        Assert.StartsWith("COPY ... FROM STDIN needs data from psql", problem.Message, StringComparison.Ordinal);
        Assert.Equal("select 1;", script.Statements[^1].Text);
        Assert.Equal(["SELECT"], script.Statements[^1].Keywords(5));
    }

    [Theory]
    [InlineData("COPY t FROM '/tmp/file.csv' WITH (FORMAT csv);")]
    [InlineData("copy t from program 'zcat x.gz';")]
    [InlineData("copy (select 1 from stdin) to stdout;")]
    [InlineData("select * from stdin;")]
    public void Other_copies_and_a_table_named_stdin_are_fine(string text)
    {
        LexerAssert.Clean(text);
    }
}
