using System.Globalization;
using BenchmarkDotNet.Attributes;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Benchmarks;

/// <summary>
/// How long <see cref="MigrationPlanner.Plan"/> takes for 1,000 and 10,000 migrations that are all applied (what
/// <c>status</c> and a <c>migrate</c> with nothing to do plan); the time per migration shows whether it is linear.
/// </summary>
[Config(typeof(PlannerBenchmarkConfig))]
public class PlannerBenchmarks
{
    static readonly DateTime FirstVersion = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    IReadOnlyList<Migration> _migrations = [];
    IReadOnlyList<AppliedMigration> _history = [];
    readonly PlanOptions _options = new();

    /// <summary>How many migration files, each with its history row.</summary>
    [Params(1_000, 10_000)]
    public int Count { get; set; }

    /// <summary>
    /// Writes <see cref="Count"/> small migration files, reads them back as <c>migrate</c> does (so the records are
    /// exactly the tool's) and records every one as applied with its checksum.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        var folder = Directory.CreateTempSubdirectory("wayli-planner-bench-");
        try
        {
            for (var i = 1; i <= Count; i++)
                File.WriteAllText(Path.Combine(folder.FullName, $"{Version(i)}_create_t_{i}.sql"), Sql(i));
            var set = new FolderSource(folder.FullName).LoadAsync().GetAwaiter().GetResult();
            if (!set.IsValid || set.Migrations.Count != Count)
                throw new InvalidOperationException($"the generated migrations do not load: {string.Join("; ", set.Problems)}");
            _migrations = set.Migrations;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        var appliedAt = new DateTimeOffset(FirstVersion);
        _history = [.. _migrations.Select(m => new AppliedMigration(m.Name.VersionText, m.Description, m.Checksum, appliedAt, 5, null,
            Success: true, InstalledBy: "postgres", ToolVersion: "0.1.0", RecordedBy: "migrate"))];
        var plan = Plan();
        if (plan.Count(MigrationState.Applied) != Count || plan.Findings.Count != 0)
            throw new InvalidOperationException("the plan does not find every migration applied");
        Console.WriteLine($"// Planner input: {Count:N0} migrations, {Count:N0} history rows, all applied");
    }

    /// <summary>Plans the whole set against the whole history.</summary>
    [Benchmark]
    public MigrationPlan Plan() => MigrationPlanner.Plan(_migrations, _history, _options);

    /// <summary>A version in the form the generated workloads use: one migration a minute from 2024-01-01.</summary>
    static string Version(int i) =>
        FirstVersion.AddMinutes(i).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>One small migration: a table, an index and a comment.</summary>
    static string Sql(int i) => $"""
        -- migration {i}: one table, one index, one comment
        CREATE TABLE IF NOT EXISTS t_{i} (
            id bigint NOT NULL,
            name text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS t_{i}_name_idx ON t_{i} (name);
        COMMENT ON TABLE t_{i} IS 'table {i}; created by migration {Version(i)}';

        """;
}
