namespace Wayli.Migrate.Tests.Sql;

public class SqlStatementKeywordsTests
{
    [Fact]
    public void Leading_words_are_upper_cased_after_comments()
    {
        var statement = LexerAssert.Clean("/* x */ create unique index concurrently if not exists foo on t (a);").Statements[0];

        Assert.Equal(["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY", "IF", "NOT"], statement.Keywords(6));
        Assert.Equal(["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY", "IF", "NOT", "EXISTS", "FOO", "ON", "T"], statement.Keywords(20));
    }

    [Fact]
    public void Words_stop_at_the_first_other_token()
    {
        var statements = LexerAssert.Clean("-- a\nalter type \"Mood\" add value 'x';\nvacuum(full) t;\nselect $$a$$;").Statements;

        Assert.Equal(["ALTER", "TYPE"], statements[0].Keywords(5));
        Assert.Equal(["VACUUM"], statements[1].Keywords(5));
        Assert.Equal(["SELECT"], statements[2].Keywords(5));
    }

    [Fact]
    public void Empty_statements_and_meta_commands_have_no_words()
    {
        var script = LexerAssert.Split("\\c db\n;\n-- only a comment");

        Assert.All(script.Statements, s => Assert.Empty(s.Keywords(3)));
        Assert.Empty(LexerAssert.Clean("select 1;").Statements[0].Keywords(0));
    }

    [Fact]
    public void Identifier_dollars_and_non_ascii_letters_stay_in_the_word()
    {
        Assert.Equal(["DROP", "TABLE", "FOO$BAR", "ÉTÉ"], LexerAssert.Clean("drop table foo$bar été;").Statements[0].Keywords(4));
    }
}
