using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Wayli.Migrate.Benchmarks;

/// <summary>
/// A summary column with the mean time divided by a numeric parameter (nanoseconds per item): equal figures for
/// every value of the parameter mean the work grows linearly with it.
/// </summary>
/// <param name="parameterName">The benchmark parameter that counts the items, such as <c>Count</c>.</param>
/// <param name="itemName">What one item is, for the column's name, such as <c>migration</c>.</param>
public sealed class TimePerItemColumn(string parameterName, string itemName) : IColumn
{
    /// <inheritdoc/>
    public string Id => $"{nameof(TimePerItemColumn)}.{parameterName}";

    /// <inheritdoc/>
    public string ColumnName => $"ns/{itemName}";

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
    public string Legend => $"Nanoseconds per {itemName}: the mean divided by {parameterName}";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var items = Convert.ToDouble(benchmarkCase.Parameters[parameterName], CultureInfo.InvariantCulture);
        return meanNanoseconds is > 0 && items > 0
            ? (meanNanoseconds.Value / items).ToString("N1", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;
}
