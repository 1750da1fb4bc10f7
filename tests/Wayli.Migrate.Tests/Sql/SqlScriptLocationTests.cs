using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Sql;

public class SqlScriptLocationTests
{
    [Fact]
    public void Crlf_is_one_line_break_and_columns_restart_after_it()
    {
        var script = LexerAssert.Clean("select 1;\r\nselect 2;\r\n  select 3;");

        Assert.Equal([(1, 1), (2, 1), (3, 3)], script.Statements.Select(s => (s.Line, s.Column)));
        Assert.Equal("select 2;", script.LineText(2));
        Assert.Equal("  select 3;", script.LineText(3));
    }

    [Fact]
    public void Lone_cr_and_lf_also_end_lines()
    {
        var script = LexerAssert.Clean("a;\rb;\nc;");

        Assert.Equal([1, 2, 3], script.Statements.Select(s => s.Line));
        Assert.Equal(["a;", "b;", "c;"], Enumerable.Range(1, 3).Select(script.LineText));
    }

    [Fact]
    public void Columns_count_code_points_so_an_emoji_is_one_column()
    {
        var script = LexerAssert.Clean("select '😀'; select 2;");
        Assert.Equal((1, 13), (script.Statements[1].Line, script.Statements[1].Column));
    }

    [Fact]
    public void Locate_maps_any_offset_including_the_end()
    {
        const string text = "ab\r\nc😀d\n";
        var script = LexerAssert.Clean(text);

        Assert.Equal(new SqlLocation(1, 1), script.Locate(0));
        Assert.Equal(new SqlLocation(1, 3), script.Locate(2));
        Assert.Equal(new SqlLocation(2, 1), script.Locate(4));
        Assert.Equal(new SqlLocation(2, 3), script.Locate(text.IndexOf('d', StringComparison.Ordinal)));
        Assert.Equal(new SqlLocation(3, 1), script.Locate(text.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => script.Locate(text.Length + 1));
    }

    [Fact]
    public void Server_position_counts_code_points_so_emoji_before_the_error_do_not_shift_it()
    {
        const string text = "select 1;\n-- 😀\nselect '😀😀', nope;";
        var script = LexerAssert.Clean(text);
        var statement = script.Statements[1];

        // The server counts characters: "\n-- 😀\n" is 6 and "select '😀😀', " is 13, so nope is at 20.
        Assert.Equal(new SqlLocation(3, 14), script.LocateServerPosition(statement, 20));
        Assert.Equal(script.Locate(text.IndexOf("nope", StringComparison.Ordinal)), script.LocateServerPosition(statement, 20));
        Assert.Equal("nope", CodePointsFrom(script.LineText(3), 14)[..4]);
    }

    [Fact]
    public void Server_position_past_the_end_means_the_end_of_the_statement()
    {
        var script = LexerAssert.Split("select 1;\nselect (");
        Assert.Equal(new SqlLocation(2, 9), script.LocateServerPosition(script.Statements[1], 99));
    }

    [Fact]
    public void Server_position_rejects_a_statement_of_another_script()
    {
        var script = LexerAssert.Clean("select 1;");
        var other = LexerAssert.Clean("select 2;").Statements[0];

        Assert.Throws<ArgumentException>(() => script.LocateServerPosition(other, 1));
    }

    [Fact]
    public void Line_text_of_an_empty_script_and_of_a_final_empty_line()
    {
        Assert.Equal("", LexerAssert.Clean("").LineText(1));
        var script = LexerAssert.Clean("select 1;\n");
        Assert.Equal("", script.LineText(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => script.LineText(3));
    }

    [Fact]
    public void Statement_locations_stay_right_on_one_long_line()
    {
        var text = string.Concat(Enumerable.Repeat("select '😀';", 1000));
        var script = LexerAssert.Clean(text);

        Assert.Equal(1000, script.Statements.Count);
        Assert.Equal((1, 1 + (999 * 11)), (script.Statements[999].Line, script.Statements[999].Column));
    }

    static string CodePointsFrom(string line, int column)
    {
        var offset = 0;
        for (var i = 1; i < column; i++)
            offset += char.IsHighSurrogate(line[offset]) ? 2 : 1;

        return line[offset..];
    }
}
