using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Wayli.Migrate.Benchmarks;

/// <summary>Adds throughput and allocation columns to the checksum benchmarks, on a short job.</summary>
public sealed class ChecksumBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the configuration; every input has the same size, known before any benchmark runs.</summary>
    public ChecksumBenchmarkConfig()
    {
        // ShortRun's 3 iterations are too few on a shared 2-core machine; 10 keep a run under a minute or two.
        AddJob(Job.ShortRun.WithIterationCount(10).WithId("Short10"));
        AddColumn(new ThroughputColumn(ChecksumBenchmarks.InputBytes));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
