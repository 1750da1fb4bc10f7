using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Sql;

/// <summary>Splits and checks the invariants every split must keep, so each test states only its point.</summary>
internal static class LexerAssert
{
    /// <summary>Splits, asserting the slices are contiguous, indexed in order and rebuild the input.</summary>
    public static SqlScript Split(string text)
    {
        var script = SqlLexer.Split(text);
        Assert.Equal(text, string.Concat(script.Statements.Select(s => s.Text)));
        var offset = 0;
        foreach (var (statement, index) in script.Statements.Select((s, i) => (s, i)))
        {
            Assert.Equal(index, statement.Index);
            Assert.Equal(offset, statement.Offset);
            Assert.NotEmpty(statement.Text);
            Assert.InRange(statement.StartOffset, statement.Offset, statement.Offset + statement.Text.Length);
            offset += statement.Text.Length;
        }

        return script;
    }

    /// <summary>Splits input that must lex without problems.</summary>
    public static SqlScript Clean(string text)
    {
        var script = Split(text);
        Assert.Empty(script.Problems);
        return script;
    }

    /// <summary>The texts of the statements that hold SQL, for input that must lex without problems.</summary>
    public static string[] Sql(string text) =>
        [.. Clean(text).Statements.Where(s => !s.IsEmpty).Select(s => s.Text)];

    /// <summary>The single problem of input that must have exactly one.</summary>
    public static SqlProblem OneProblem(string text) => Assert.Single(Split(text).Problems);
}
