using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Wayli.Migrate.Benchmarks;

/// <summary>Adds throughput and allocation columns to the lexer benchmarks.</summary>
public sealed class LexerBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the configuration; the script size is known before any benchmark runs.</summary>
    public LexerBenchmarkConfig()
    {
        AddColumn(new ThroughputColumn(LexerBenchmarks.ScriptBytes));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
