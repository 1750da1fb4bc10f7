using System.Text;
using BenchmarkDotNet.Attributes;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Benchmarks;

/// <summary>
/// How fast <see cref="SqlLexer.Split"/> cuts a ~4 MB migration script into statements, and what the statement checksum
/// (<see cref="MigrationChecksum.OfStatements"/>, computed for every file a run applies) costs beside it.
/// </summary>
[Config(typeof(LexerBenchmarkConfig))]
public class LexerBenchmarks
{
    const int ScriptChars = 4 * 1024 * 1024;

    // Built once per process: the config needs its size before the benchmark instance exists.
    static readonly string Script = BenchmarkScript.Build(ScriptChars);

    /// <summary>UTF-8 size of the script, the unit of the MB/s column.</summary>
    public static long ScriptBytes { get; } = Encoding.UTF8.GetByteCount(Script);

    string _script = "";

    /// <summary>Takes the script and prints its size, so the throughput can be checked by hand.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _script = Script;
        var statements = SqlLexer.Split(_script).Statements.Count(s => !s.IsEmpty);
        Console.WriteLine($"// Lexer input: {ScriptBytes:N0} bytes, {Script.Length:N0} chars, {statements:N0} statements");
    }

    /// <summary>Splits the whole script, as the migration source does for every file.</summary>
    [Benchmark(Baseline = true)]
    public SqlScript Split() => SqlLexer.Split(_script);

    /// <summary>The statement checksum of the whole script: a second pass over its tokens, and SHA-256 of what counts.</summary>
    [Benchmark]
    public string StatementChecksum() => MigrationChecksum.OfStatements(_script);
}
