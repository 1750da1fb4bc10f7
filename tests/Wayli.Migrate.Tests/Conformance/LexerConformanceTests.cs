using System.Text;
using System.Text.Json;
using Wayli.Migrate.Sql;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Conformance;

/// <summary>
/// The lexer must split every file of the shared corpora exactly where PostgreSQL's own parser does.
/// PostgreSQL's answer comes from <c>tests/conformance/pg-boundaries.mjs</c> (libpg_query: the server's
/// grammar), written to the JSON file named by <c>WAYLI_PG_BOUNDARIES</c>; the files are read from
/// <c>WAYLI_CORPORA</c>. Without either, the corpus tests report themselves skipped.
/// </summary>
public class LexerConformanceTests
{
    private const string NoBoundaries =
        "WAYLI_PG_BOUNDARIES is not set: run tests/conformance/pg-boundaries.mjs (scripts/test.sh does when node is available)";

    private const int ShownEnds = 12;
    private const int ContextChars = 50;

    /// <summary>Scripts and the ends libpg-query 18.1.5 reports for them (stmt_location + stmt_len).</summary>
    public static TheoryData<string, int[]> KnownScripts => new()
    {
        { "", [] },
        { "/* only; */ -- comments\n", [] },
        { "select 1;\nselect 'é'", [8, 21] },
        { "select 1; ;  -- done\n", [8] },
        { "select 1 -- ;", [13] },
        { "select 1 /* ; */", [16] },
        { "select 1;\r\n-- x\r\nselect 2;", [8, 25] },
        { "create function f() returns int language sql as $$ select 1; $$;\nselect '😀';", [63, 78] },
    };

    [Theory]
    [MemberData(nameof(KnownScripts))]
    public void Statement_ends_are_utf8_offsets_of_the_terminating_semicolon_or_the_end_of_input(string text, int[] postgres)
    {
        Assert.Equal(postgres, StatementEnds.Of(SqlLexer.Split(text)));
    }

    [Fact]
    public void Files_are_read_as_the_loader_reads_them_without_the_bom()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wayli-conformance-{Guid.NewGuid():N}.sql");
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("select 'é';")]);
            Assert.Equal("select 'é';", StatementEnds.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PostgreSQL_boundaries_cover_the_corpora()
    {
        var boundaries = LoadBoundaries();
        Assert.True(boundaries.Count >= 400, $"{BoundariesPath()} has {boundaries.Count} files; the shared corpora have over 400");
    }

    [Fact]
    public void Every_corpus_file_splits_where_PostgreSQL_parses_statements()
    {
        var boundaries = LoadBoundaries();
        var corpora = Paths.Corpora;
        if (corpora is null)
        {
            Assert.Skip("WAYLI_CORPORA is not set: the corpus files to compare are not known");
        }

        var failures = new List<string>();
        var onDisk = CorpusFiles(corpora);
        var missing = onDisk.Except(boundaries.Keys, StringComparer.Ordinal).ToList();
        var extra = boundaries.Keys.Except(onDisk, StringComparer.Ordinal).ToList();
        if (onDisk.Count != boundaries.Count || missing.Count > 0 || extra.Count > 0)
        {
            failures.Add(
                $"{BoundariesPath()} is stale: it has {boundaries.Count} files, {corpora} has {onDisk.Count} .sql files"
                + (missing.Count > 0 ? $"; not in the JSON: {string.Join(", ", missing)}" : "")
                + (extra.Count > 0 ? $"; not on disk: {string.Join(", ", extra)}" : "")
                + ". Run tests/conformance/pg-boundaries.mjs again.");
        }

        var compared = 0;
        foreach (var (file, postgres) in boundaries)
        {
            var path = Path.Combine(corpora, file);
            if (!File.Exists(path))
            {
                continue;
            }

            compared++;
            if (Compare(file, path, postgres) is { } failure)
            {
                failures.Add(failure);
            }
        }

        Assert.True(
            failures.Count == 0,
            $"{failures.Count} disagreement(s) with PostgreSQL's parser over {compared} files:\n\n" + string.Join("\n\n", failures));
        Assert.Equal(onDisk.Count, compared);
    }

    private static string? Compare(string file, string path, PgResult postgres)
    {
        if (postgres.Error is { } error)
        {
            return $"{file}: PostgreSQL's parser rejects it: {error}";
        }

        var script = SqlLexer.Split(StatementEnds.Load(path));
        var ours = StatementEnds.Of(script);
        var theirs = postgres.Ends!;
        if (ours.SequenceEqual(theirs))
        {
            return null;
        }

        var first = 0;
        while (first < ours.Count && first < theirs.Count && ours[first] == theirs[first])
        {
            first++;
        }

        var message = new StringBuilder()
            .Append(file).Append(": ").Append(ours.Count).Append(" statements here, ")
            .Append(theirs.Count).Append(" for PostgreSQL; they first differ at statement #").Append(first + 1).AppendLine()
            .Append("  ours:       ").AppendLine(Window(ours, first))
            .Append("  PostgreSQL: ").AppendLine(Window(theirs, first));
        if (first < ours.Count)
        {
            message.Append("  ours ends at ").AppendLine(Place(script, ours[first]));
        }

        if (first < theirs.Count)
        {
            message.Append("  PostgreSQL's ends at ").AppendLine(Place(script, theirs[first]));
        }

        return message.ToString().TrimEnd();
    }

    /// <summary>The ends around index <paramref name="first"/>, all of them when there are few.</summary>
    private static string Window(IReadOnlyList<int> ends, int first)
    {
        if (ends.Count <= ShownEnds)
        {
            return "[" + string.Join(", ", ends) + "]";
        }

        var from = Math.Max(0, first - 2);
        var to = Math.Min(ends.Count, from + ShownEnds);
        return "[" + (from > 0 ? "…, " : "") + string.Join(", ", ends.Skip(from).Take(to - from))
            + (to < ends.Count ? ", …" : "") + "]";
    }

    /// <summary>A byte offset as a person finds it: line, column and the text around it.</summary>
    private static string Place(SqlScript script, int byteOffset)
    {
        var offset = StatementEnds.CharOffset(script.Text, byteOffset);
        var location = script.Locate(offset);
        var from = Math.Max(0, offset - ContextChars);
        var to = Math.Min(script.Text.Length, offset + ContextChars);
        return $"byte {byteOffset} (line {location.Line}, column {location.Column}): "
            + $"«{Escape(script.Text[from..offset])}⟂{Escape(script.Text[offset..to])}»";
    }

    private static string Escape(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal);

    /// <summary>Every "set/file.sql" of the corpora, as pg-boundaries.mjs lists them.</summary>
    private static List<string> CorpusFiles(string corpora) =>
        Directory.GetDirectories(corpora)
            .SelectMany(set => Directory.GetFiles(set, "*.sql")
                .Where(path => path.EndsWith(".sql", StringComparison.Ordinal))
                .Select(path => Path.GetFileName(set) + "/" + Path.GetFileName(path)))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string BoundariesPath()
    {
        var path = Environment.GetEnvironmentVariable("WAYLI_PG_BOUNDARIES");
        if (string.IsNullOrEmpty(path))
        {
            Assert.Skip(NoBoundaries);
        }

        return Path.GetFullPath(path, Paths.Repository);
    }

    /// <summary>The JSON pg-boundaries.mjs wrote: each file's statement ends, or the parser's error.</summary>
    private static Dictionary<string, PgResult> LoadBoundaries()
    {
        var path = BoundariesPath();
        Assert.True(File.Exists(path), $"WAYLI_PG_BOUNDARIES names {path}, which does not exist");
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new Dictionary<string, PgResult>(StringComparer.Ordinal);
        foreach (var file in json.RootElement.EnumerateObject())
        {
            result[file.Name] = file.Value.ValueKind == JsonValueKind.Array
                ? new PgResult(file.Value.EnumerateArray().Select(end => end.GetInt32()).ToArray(), null)
                : new PgResult(null, file.Value.GetProperty("error").GetString() ?? "(no message)");
        }

        return result;
    }

    /// <summary>What PostgreSQL's parser said about one file: its statement ends, or why it failed.</summary>
    public sealed record PgResult(IReadOnlyList<int>? Ends, string? Error);
}
