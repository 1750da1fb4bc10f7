using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Sql;

public class SqlLexerSplittingTests
{
    [Fact]
    public void Empty_input_has_no_statements()
    {
        var script = LexerAssert.Clean("");
        Assert.Empty(script.Statements);
        Assert.Equal("", script.Text);
    }

    [Fact]
    public void Splits_at_top_level_semicolons_keeping_leading_trivia_in_the_next_slice()
    {
        var script = LexerAssert.Clean("select 1;\n  -- two\n  select 2;");

        Assert.Equal(["select 1;", "\n  -- two\n  select 2;"], script.Statements.Select(s => s.Text));
        var second = script.Statements[1];
        Assert.Equal(9, second.Offset);
        Assert.Equal(21, second.StartOffset);
        Assert.Equal((3, 3), (second.Line, second.Column));
        Assert.False(second.IsEmpty);
    }

    [Fact]
    public void Trailing_comment_after_the_last_semicolon_is_an_empty_statement_at_the_end()
    {
        const string text = "select 1;\n-- done\n";
        var last = LexerAssert.Clean(text).Statements[^1];

        Assert.Equal("\n-- done\n", last.Text);
        Assert.True(last.IsEmpty);
        Assert.Equal(text.Length, last.StartOffset);
        Assert.Equal((3, 1), (last.Line, last.Column));
    }

    [Fact]
    public void A_statement_without_semicolon_at_the_end_is_kept()
    {
        Assert.Equal(["select 1;", "\nselect 2"], LexerAssert.Sql("select 1;\nselect 2"));
    }

    [Fact]
    public void A_lone_semicolon_is_an_empty_statement_starting_at_the_semicolon()
    {
        var script = LexerAssert.Clean("select 1; ;");
        var lone = script.Statements[1];

        Assert.Equal(" ;", lone.Text);
        Assert.True(lone.IsEmpty);
        Assert.Equal(10, lone.StartOffset);
    }

    [Fact]
    public void Only_trivia_is_one_empty_statement()
    {
        var statement = Assert.Single(LexerAssert.Clean("  /* a */ -- b\n").Statements);
        Assert.True(statement.IsEmpty);
    }

    [Theory]
    [InlineData("select 'a;b'")]
    [InlineData("select 'it''s; fine'")]
    [InlineData("select E'a\\';b'")]
    [InlineData("select e'\\\\'';b'")]
    [InlineData("select U&'d\\0061t;a'")]
    [InlineData("select U&\"d;a\" from t")]
    [InlineData("select B'01;0'")]
    [InlineData("select X'1;F'")]
    [InlineData("select N'a;b'")]
    [InlineData("select \"a;b\" from t")]
    [InlineData("select \"a\"\";b\" from t")]
    [InlineData("select $$a;b$$")]
    [InlineData("select $fn$a;b$fn$")]
    [InlineData("select 1 -- a;b\n")]
    [InlineData("select 1 /* a;b */")]
    public void A_semicolon_inside_a_quote_or_comment_does_not_end_the_statement(string first)
    {
        Assert.Equal([first + ";", " select 2;"], LexerAssert.Sql(first + "; select 2;"));
    }

    [Fact]
    public void Plain_strings_have_no_backslash_escape()
    {
        Assert.Equal(["select 'C:\\';", " select 2;"], LexerAssert.Sql("select 'C:\\'; select 2;"));
    }

    [Fact]
    public void Escape_string_ends_after_an_escaped_backslash()
    {
        Assert.Equal(["select E'\\\\';", "select 2;"], LexerAssert.Sql("select E'\\\\';select 2;"));
    }

    [Fact]
    public void A_string_is_never_continued_on_the_next_line_because_psql_reads_line_by_line()
    {
        // The server would continue E'a' with the next line's '\' in escape mode; psql ends it at the line break.
        Assert.Equal(["select E'a'\n'\\';", " select 2;"], LexerAssert.Sql("select E'a'\n'\\'; select 2;"));
    }

    [Fact]
    public void A_plain_string_after_an_escape_string_has_no_escapes()
    {
        var script = LexerAssert.Split("select E'a' '\\';z';");

        Assert.Equal("select E'a' '\\';", script.Statements[0].Text);
        Assert.Contains("unterminated quoted string", Assert.Single(script.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefix_letters_start_a_literal_only_as_a_token_of_their_own()
    {
        // "stable'" is a word then a plain string, so the backslash does not escape the quote.
        Assert.Equal(2, LexerAssert.Sql("select stable'\\'; select 2;").Length);
    }

    [Fact]
    public void Nested_block_comments_close_only_at_the_outermost_end()
    {
        Assert.Equal(["/* a /* b */ ; still comment */ select 1;"], LexerAssert.Sql("/* a /* b */ ; still comment */ select 1;"));
    }

    [Fact]
    public void Comment_starts_inside_an_operator()
    {
        Assert.Single(LexerAssert.Sql("select 1+--;\n2;"));
        Assert.Single(LexerAssert.Sql("select 2*/*;*/3;"));
    }

    [Fact]
    public void A_stray_comment_close_is_an_operator()
    {
        Assert.Equal(2, LexerAssert.Sql("select 2 */ 3; select 4;").Length);
    }

    [Fact]
    public void Dollar_quotes_with_other_tags_inside_do_not_close_it()
    {
        const string first = "do $a$ begin; $b$ not closed; $a $ $$ ; $b$ end; $a$;";
        Assert.Equal([first, " select 2;"], LexerAssert.Sql(first + " select 2;"));
    }

    [Fact]
    public void Dollar_quote_tags_are_case_sensitive()
    {
        Assert.Single(LexerAssert.Sql("select $A$ ; $a$ ; $A$;"));
    }

    [Fact]
    public void Dollar_tags_may_use_letters_digits_underscores_and_non_ascii()
    {
        Assert.Equal(3, LexerAssert.Sql("select $_x1$;$_x1$; select $é$;$é$; select 3;").Length);
    }

    [Fact]
    public void Dollar_followed_by_digits_is_a_parameter()
    {
        Assert.Equal(["select $1;", " select $2;"], LexerAssert.Sql("select $1; select $2;"));
    }

    [Fact]
    public void A_parameter_followed_by_dollar_dollar_opens_a_dollar_quote()
    {
        Assert.Equal(["select $1$$;$$;", " select 2;"], LexerAssert.Sql("select $1$$;$$; select 2;"));
    }

    [Fact]
    public void Letters_glued_to_a_parameter_do_not_start_a_tag()
    {
        Assert.Equal(2, LexerAssert.Sql("select $1abc$; select 2;").Length);
    }

    [Theory]
    [InlineData("select 1e10$$; select $$;$$;")]
    [InlineData("select .5e1$$; select $$;$$;")]
    [InlineData("select 1_000$$; select $$;$$;")]
    [InlineData("select 0x1F$$; select $$;$$;")]
    public void Letters_glued_to_a_number_are_one_token_that_takes_the_dollars(string text)
    {
        Assert.Equal(2, LexerAssert.Sql(text).Length);
    }

    [Theory]
    [InlineData("select 1e+10$$;$$; select 2;")]
    [InlineData("select 1.5 $$;$$; select 2;")]
    [InlineData("select 1..2$$;$$; select 2;")]
    public void A_complete_number_before_dollars_lets_them_open_a_quote(string text)
    {
        Assert.Equal(2, LexerAssert.Sql(text).Length);
    }

    [Theory]
    [InlineData("select foo$bar from t; select $$;$$;")]
    [InlineData("select foo$$ from t; select $$;$$;")]
    [InlineData("select a$b$c; select $$;$$;")]
    [InlineData("select 1abc$$; select $$;$$;")]
    public void Dollar_inside_an_identifier_is_part_of_it(string text)
    {
        Assert.Equal(2, LexerAssert.Sql(text).Length);
    }

    [Theory]
    [InlineData("select 1; $")]
    [InlineData("select $")]
    [InlineData("select $abc")]
    [InlineData("select $abc def$")]
    public void A_dollar_that_opens_nothing_is_just_a_character(string text)
    {
        Assert.NotEmpty(LexerAssert.Sql(text));
    }

    [Fact]
    public void Dollar_dollar_inside_comments_is_ignored()
    {
        Assert.Equal(2, LexerAssert.Sql("-- $$\nselect 1; /* $$ */ select 2; -- $fn$").Length);
    }

    [Fact]
    public void Semicolon_inside_a_quoted_identifier_does_not_end_the_statement()
    {
        Assert.Single(LexerAssert.Sql("create table \"a;b\" (\"c\"\";d\" int);"));
    }

    [Fact]
    public void Semicolons_inside_parentheses_do_not_end_the_statement_as_in_psql()
    {
        const string rule = "create rule r as on insert to t do also (insert into a values (1); insert into b values (2));";
        Assert.Equal([rule, " select 1;"], LexerAssert.Sql(rule + " select 1;"));
    }

    [Fact]
    public void A_stray_closing_parenthesis_is_ignored_as_in_psql()
    {
        Assert.Equal(2, LexerAssert.Sql("select 1); select 2;").Length);
    }

    [Fact]
    public void Slices_rebuild_input_even_when_broken()
    {
        foreach (var text in new[] { "'", "\"", "$a$", "/*", "E'\\", "E'\\'", "(", "\\", "U&'", "x'", "$$ $ $$$" })
        {
            LexerAssert.Split(text);
            LexerAssert.Split("select 1; " + text + " ; select 2;");
        }
    }
}
