using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Wayli.Migrate.Benchmarks;

/// <summary>Adds a time-per-migration column and allocations to the planner benchmarks, on a short job.</summary>
public sealed class PlannerBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public PlannerBenchmarkConfig()
    {
        // ShortRun's 3 iterations are too few on a shared 2-core machine; 10 keep a run under a minute or two.
        AddJob(Job.ShortRun.WithIterationCount(10).WithId("Short10"));
        AddColumn(new TimePerItemColumn(nameof(PlannerBenchmarks.Count), "migration"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
