using System.Diagnostics;
using System.Globalization;
using System.Text;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;
using Wayli.Migrate.Tests.Sql;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 7, part 6: the lexer on 100,000 (WAYLI_RELIABILITY_FUZZ) generated and mutated inputs — random scripts, and
/// slices of the real-world corpora (WAYLI_CORPORA) with flipped characters and bytes, truncations, splices and inserted
/// quotes, dollar quotes and comment markers. It never throws (bad SQL is reported as problems), never hangs, and its
/// statements always join back to the input exactly. The same inputs as file bytes go through the whole file reader
/// (UTF-8 check, directives, transaction analysis). Each input has its own seed, printed with any failure.
/// </summary>
public sealed class LexerFuzzTests
{
    static readonly string[] Markers =
    [
        "'", "''", "\"", "$$", "$fn$", "$a$", "$", "/*", "*/", "/* /*", "--", "\n", "\r\n", "\r", ";", "(", ")", "E'", "e'\\'", "U&'", "U&\"", "B'",
        "X'", "N'", "\\", "\\i x.sql\n", "\\.\n", "BEGIN ATOMIC ", " END;", "CREATE FUNCTION f() RETURNS int LANGUAGE sql ", "COPY t FROM STDIN;\n",
        "-- migrate:no-transaction\n", "-- migrate:bogus\n", "CREATE INDEX CONCURRENTLY i ON t (a);", "BEGIN;", "COMMIT;", "DO $$ BEGIN COMMIT; END $$;",
        "é", "😀", "\uD83D", "\uDE00", "\0", "\t", "\f", "\u00A0", "\uFEFF",
    ];

    static readonly string Alphabet = "'\"$;()/*-\\\n\r\t EeUuBbXxNn&.,:=0123456789_abcdefghijklmnopqrstuvwxyzBEGINATOMICCOPYSTDIN";

    [Fact]
    public async Task Random_and_mutated_sql_never_throws_never_hangs_and_always_joins_back_to_the_input()
    {
        var seed = ReliabilityReport.Seed;
        var inputs = ReliabilityReport.FuzzInputs;
        var corpus = LoadCorpus();
        ReliabilityReport.Log($"lexer fuzzing: seed {seed} (replay with WAYLI_RELIABILITY_SEED={seed}), {inputs} inputs, {corpus.Count} corpus texts");
        var progress = new Progress();
        // Generous for the whole loop (a hang shows as the loop not finishing), never a per-input threshold.
        var cap = TimeSpan.FromSeconds(Math.Max(120, inputs / 250));
        var loop = Task.Factory.StartNew(() => Run(seed, inputs, corpus, progress), TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await loop.WaitAsync(cap, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            progress.Stop = true;
            Assert.Fail($"the lexer did not finish {inputs} inputs within {cap} (hang?): at input {progress.Current} (seed {progress.CurrentSeed}, "
                + $"{progress.CurrentLength} chars); replay with WAYLI_RELIABILITY_SEED={seed}");
        }
        var elapsed = Stopwatch.GetElapsedTime(started);

        ReliabilityReport.Record("lexer fuzzing", inputs, inputs - progress.Failures.Count, string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}; {progress.Characters / 1024 / 1024} MiB lexed in {ReliabilityReport.Seconds(elapsed)}; "
            + $"sources: {string.Join(", ", progress.Sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"))}; "
            + $"inputs with problems reported: {progress.WithProblems}; as files refused for UTF-8/NUL: {progress.BadBytes}; "
            + $"slowest input {progress.SlowestMs:0.0} ms ({progress.SlowestLength} chars); problems by kind: "
            + $"{string.Join(", ", progress.ProblemKinds.OrderByDescending(k => k.Value).Take(8).Select(k => $"{k.Key} {k.Value}"))}"));
        Assert.True(progress.Failures.Count == 0, $"seed {seed}: {progress.Failures.Count} failing input(s):\n" + string.Join("\n", progress.Failures.Take(10)));
    }

    static void Run(int seed, int inputs, List<string> corpus, Progress progress)
    {
        var master = new Random(seed);
        for (var i = 0; i < inputs && !progress.Stop; i++)
        {
            var inputSeed = master.Next();
            var random = new Random(inputSeed);
            var (source, text) = Generate(random, corpus);
            progress.Current = i;
            progress.CurrentSeed = inputSeed;
            progress.CurrentLength = text.Length;
            progress.Sources[source] = progress.Sources.GetValueOrDefault(source) + 1;
            progress.Characters += text.Length;
            var timer = Stopwatch.GetTimestamp();
            try
            {
                var problem = Check(text, progress);
                if (random.Next(4) == 0)
                    problem ??= CheckAsFile(text, random, progress);
                if (problem is not null)
                    progress.Failures.Add($"input {i} (seed {inputSeed}, {source}): {problem}: {Excerpt(text)}");
            }
#pragma warning disable CA1031 // Any exception is the finding: record it with the input that caused it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                progress.Failures.Add($"input {i} (seed {inputSeed}, {source}): {e.GetType().Name}: {e.Message}: {Excerpt(text)}\n{e.StackTrace}");
            }
            var ms = Stopwatch.GetElapsedTime(timer).TotalMilliseconds;
            if (ms > progress.SlowestMs)
                (progress.SlowestMs, progress.SlowestLength) = (ms, text.Length);
        }
    }

    /// <summary>The lexer's promises for one text; returns what was broken, or null.</summary>
    static string? Check(string text, Progress progress)
    {
        var script = SqlLexer.Split(text);
        var joined = new StringBuilder(text.Length);
        var offset = 0;
        foreach (var statement in script.Statements)
        {
            if (statement.Offset != offset)
                return $"statement {statement.Index} starts at {statement.Offset}, not {offset}";
            if (statement.StartOffset < statement.Offset || statement.StartOffset > statement.Offset + statement.Text.Length)
                return $"statement {statement.Index} has its start {statement.StartOffset} outside its text";
            if (statement.Line < 1 || statement.Line > script.LineCount || statement.Column < 1)
                return $"statement {statement.Index} is at {statement.Line}:{statement.Column}, outside the text's {script.LineCount} lines";
            _ = statement.Keywords(4);
            _ = TransactionRequirement.Explain(statement);
            joined.Append(statement.Text);
            offset += statement.Text.Length;
        }
        if (!string.Equals(joined.ToString(), text, StringComparison.Ordinal))
            return "the statements do not join back to the input";
        foreach (var problem in script.Problems)
        {
            if (problem.Line < 1 || problem.Line > script.LineCount || problem.Column < 1 || string.IsNullOrWhiteSpace(problem.Message))
                return $"problem '{problem.Message}' is at {problem.Line}:{problem.Column}, outside the text";
            var kind = string.Join(' ', problem.Message.Split(' ').Take(3));
            lock (progress.ProblemKinds)
                progress.ProblemKinds[kind] = progress.ProblemKinds.GetValueOrDefault(kind) + 1;
        }
        if (script.Problems.Count > 0)
            progress.WithProblems++;
        _ = TransactionRequirement.Analyze(script, MigrationDirectives.Parse(script));
        _ = script.Locate(text.Length);
        return null;
    }

    /// <summary>The text as a file's bytes, some of them flipped: the reader refuses bad UTF-8 and NULs, and lexes the rest.</summary>
    static string? CheckAsFile(string text, Random random, Progress progress)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var flips = random.Next(0, 3); flips > 0 && bytes.Length > 0; flips--)
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        if (random.Next(8) == 0)
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        var problems = new List<SourceProblem>();
        var name = MigrationFileName.TryParse("20250101000000_fuzz.sql", out _)!;
        var migration = TestMigrations.Parse(name, "20250101000000_fuzz.sql", "/fuzz/20250101000000_fuzz.sql", bytes, problems);
        if (migration is null)
        {
            progress.BadBytes++;
            return problems.Count == 0 ? "the file was refused without a problem" : null;
        }
        return string.Equals(string.Concat(migration.ReadContent().Script.Statements.Select(s => s.Text)), migration.ReadContent().Sql, StringComparison.Ordinal)
            ? null
            : "the file's statements do not join back to its text";
    }

    static (string Source, string Text) Generate(Random random, List<string> corpus)
    {
        var choice = random.Next(10);
        if (choice < 3 || (corpus.Count == 0 && choice < 6))
        {
            var text = new RandomScriptGenerator(random.Next()).Generate();
            return random.Next(2) == 0 ? ("random script", text) : ("mutated random script", Mutate(text, random, corpus));
        }
        if (choice < 9 && corpus.Count > 0)
            return ("mutated corpus", Mutate(Slice(corpus[random.Next(corpus.Count)], random), random, corpus));
        return ("random characters", RandomCharacters(random));
    }

    static string Slice(string text, Random random)
    {
        if (text.Length <= 4096 || random.Next(20) == 0)
            return text;
        var length = random.Next(1, 4096);
        return text.Substring(random.Next(text.Length - length), length);
    }

    static string Mutate(string text, Random random, List<string> corpus)
    {
        var builder = new StringBuilder(text);
        for (var mutations = random.Next(1, 6); mutations > 0; mutations--)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(7))
            {
                case 0 when builder.Length > 0:
                    // A flipped character (a flipped bit of its UTF-16 code, which can make lone surrogates).
                    at = Math.Min(at, builder.Length - 1);
                    builder[at] = (char)(builder[at] ^ (1 << random.Next(16)));
                    break;
                case 1:
                    builder.Length = at;
                    break;
                case 2:
                    builder.Remove(0, Math.Min(at, builder.Length));
                    break;
                case 3:
                    var other = corpus.Count > 0 ? Slice(corpus[random.Next(corpus.Count)], random) : RandomCharacters(random);
                    builder.Insert(at, other[random.Next(other.Length + 1)..]);
                    break;
                case 4 when builder.Length > 0:
                    at = Math.Min(at, builder.Length - 1);
                    builder.Remove(at, random.Next(1, Math.Min(64, builder.Length - at) + 1));
                    break;
                default:
                    builder.Insert(at, Markers[random.Next(Markers.Length)]);
                    break;
            }
        }
        return builder.ToString();
    }

    static string RandomCharacters(Random random)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(0, 300); i > 0; i--)
        {
            if (random.Next(10) == 0)
                builder.Append(Markers[random.Next(Markers.Length)]);
            else
                builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }
        return builder.ToString();
    }

    static List<string> LoadCorpus()
    {
        var texts = new List<string>();
        var folders = new List<string> { Paths.ExampleMigrations };
        if (Paths.Corpora is { } corpora && Directory.Exists(corpora))
            folders.Add(corpora);
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.sql", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                texts.Add(File.ReadAllText(file));
        }
        return texts;
    }

    static string Excerpt(string text) =>
        text.Length <= 300 ? Escape(text) : Escape(text[..150]) + " … " + Escape(text[^150..]) + $" ({text.Length} chars)";

    static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    sealed class Progress
    {
        public volatile bool Stop;
        public volatile int Current;
        public volatile int CurrentSeed;
        public volatile int CurrentLength;

        public long Characters { get; set; }

        public int WithProblems { get; set; }

        public int BadBytes { get; set; }

        public double SlowestMs { get; set; }

        public int SlowestLength { get; set; }

        public List<string> Failures { get; } = [];

        public Dictionary<string, int> Sources { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> ProblemKinds { get; } = new(StringComparer.Ordinal);
    }
}
