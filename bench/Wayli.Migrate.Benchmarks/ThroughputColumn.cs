using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Wayli.Migrate.Benchmarks;

/// <summary>A summary column with megabytes of input processed per second, derived from the mean time.</summary>
/// <param name="bytes">Bytes (of UTF-8 SQL) one benchmark operation processes.</param>
public sealed class ThroughputColumn(long bytes) : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(ThroughputColumn);

    /// <inheritdoc/>
    public string ColumnName => "MB/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Megabytes (10^6 bytes, UTF-8) of input processed per second, from the mean";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNanoseconds is > 0
            ? (bytes / (meanNanoseconds.Value / 1e9) / 1e6).ToString("N0", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;
}
