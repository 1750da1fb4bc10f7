using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Sql;

public class SqlLexerCorpusTests
{
    [Fact]
    public void Every_corpus_file_lexes_cleanly_and_losslessly()
    {
        var root = Environment.GetEnvironmentVariable("WAYLI_CORPORA");
        if (string.IsNullOrEmpty(root))
            Assert.Skip("WAYLI_CORPORA not set: corpus lexing skipped");

        var files = Directory.GetDirectories(root)
            .SelectMany(folder => Directory.GetFiles(folder, "*.sql"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);

        var failures = files.Select(Check).OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    static string? Check(string file)
    {
        var text = File.ReadAllText(file);
        var script = SqlLexer.Split(text);
        if (text != string.Concat(script.Statements.Select(s => s.Text)))
        {
            return $"{file}: statements do not join back to the file";
        }

        if (text.Trim().Length > 0 && script.Statements.All(s => s.IsEmpty))
        {
            return $"{file}: no statement found";
        }

        return script.Problems.Count == 0
            ? null
            : $"{file}: " + string.Join("; ", script.Problems.Select(p => $"{p.Line}:{p.Column} {p.Message}"));
    }
}
