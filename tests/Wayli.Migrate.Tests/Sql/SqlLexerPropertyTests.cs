using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Sql;

public class SqlLexerPropertyTests
{
    const int Scripts = 3000;

    [Fact]
    public void Random_scripts_split_losslessly_into_the_statements_the_generator_ended()
    {
        // WAYLI_LEXER_SEED replays one failing script.
        var replay = Environment.GetEnvironmentVariable("WAYLI_LEXER_SEED");
        var seeds = replay is null ? Enumerable.Range(1, Scripts) : [int.Parse(replay, System.Globalization.CultureInfo.InvariantCulture)];
        foreach (var seed in seeds)
        {
            var generator = new RandomScriptGenerator(seed);
            var text = generator.Generate();
            var script = SqlLexer.Split(text);
            var context = $"seed {seed} (replay with WAYLI_LEXER_SEED={seed}), script:\n{text}";

            Assert.True(text == string.Concat(script.Statements.Select(s => s.Text)), $"join differs; {context}");
            Assert.True(script.Problems.Count == 0, $"problems {string.Join("; ", script.Problems)}; {context}");
            var nonEmpty = script.Statements.Count(s => !s.IsEmpty);
            Assert.True(nonEmpty == generator.Statements, $"{nonEmpty} statements, generator ended {generator.Statements}; {context}");
        }
    }
}
