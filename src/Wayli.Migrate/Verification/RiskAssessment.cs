using System.Globalization;

namespace Wayli.Migrate.Verification;

/// <summary>
/// Judges what a statement did (<see cref="StatementEffects"/>) for a reviewer, joined with how big each relation is
/// on the target: work that grows with a table (a rewrite, a full scan, an index build) under a lock that blocks writes
/// is <see cref="RiskLevel.High"/>; the same under a lock that blocks only DDL is <see cref="RiskLevel.Low"/>; a lock
/// that blocks writes with no such work is <see cref="RiskLevel.Medium"/>. A pure function, so every rule is a unit test.
/// </summary>
internal static class RiskAssessment
{
    /// <summary>The statement's level and one sentence per thing that makes it.</summary>
    /// <param name="effects">What it did.</param>
    /// <param name="statistics">The target's size of each relation, by name.</param>
    /// <param name="lockTimeoutOption">How the user sets a lock timeout, for the advice on brief locks.</param>
    public static (RiskLevel Level, IReadOnlyList<StatementRisk> Lines) Assess(StatementEffects effects,
        IReadOnlyDictionary<string, RelationStatistics> statistics, string lockTimeoutOption)
    {
        var lines = new List<StatementRisk>();
        var worked = new HashSet<string>(StringComparer.Ordinal);
        var until = effects.InTransaction ? ", until the migration commits" : "";
        foreach (var relation in effects.Rewritten)
        {
            var table = effects.RewrittenIndexes.TryGetValue(relation, out var indexed) ? indexed : relation;
            worked.Add(table);
            var what = indexed is null ? $"rewrites {relation}{Size(relation, statistics)}" : $"rebuilds index {relation} of {table}{Size(table, statistics)}";
            lines.Add(Work(table, "rewrite", what, Mode(effects, table, relation), "the whole rewrite", until));
        }
        foreach (var index in effects.Indexes)
        {
            worked.Add(index.Table);
            var what = $"builds index {index.Index}{(index.Concurrently ? " concurrently" : "")} on {index.Table}{Size(index.Table, statistics)}";
            lines.Add(Work(index.Table, "index-build", what, Mode(effects, index.Table, index.Index), "the whole build", until));
        }
        foreach (var table in effects.Scanned)
        {
            worked.Add(table);
            lines.Add(Work(table, "scan", $"reads all of {table}{Size(table, statistics)}", Mode(effects, table, table), "the whole scan", until));
        }
        // An index's lock goes with its table's: only tables, views and sequences get a line of their own.
        foreach (var held in effects.Locks.Where(l => l.Blocks != LockImpact.OnlyDdl && !worked.Contains(l.Relation) && !effects.IndexNames.Contains(l.Relation)))
        {
            lines.Add(new StatementRisk(RiskLevel.Medium, held.Relation, "lock", $"takes {held.Mode} on {held.Relation}{Size(held.Relation, statistics)}: {LockModes.Describe(held.Blocks)}{until}; "
                + $"brief (no rewrite or scan), but it first waits for every transaction using {held.Relation}, and everything after it queues "
                + $"behind it (bound the wait with {lockTimeoutOption})"));
        }
        return lines.Count == 0 ? (RiskLevel.None, []) : (lines.Max(l => l.Level), [.. lines.OrderByDescending(l => l.Level)]);
    }

    static StatementRisk Work(string table, string kind, string what, string? mode, string span, string until)
    {
        if (mode is null)
            return new StatementRisk(RiskLevel.Low, table, kind, $"{what}, with no lock seen on it");
        var impact = LockModes.Impact(mode);
        return impact == LockImpact.OnlyDdl
            ? new StatementRisk(RiskLevel.Low, table, kind, $"{what} under {mode}: {LockModes.Describe(impact)}; reads and writes go on")
            : new StatementRisk(RiskLevel.High, table, kind, $"{what} under {mode}: {LockModes.Describe(impact)} for {span}{until}");
    }

    /// <summary>The lock the work ran under: the strongest held on the table, or on the index itself.</summary>
    static string? Mode(StatementEffects effects, string table, string relation) =>
        LockModes.Strongest(new[] { table, relation }.Distinct().Select(r => effects.Held.GetValueOrDefault(r)).OfType<string>());

    /// <summary>How big the relation is on the target, as " (≈ 1.2 M rows, 340 MB on the target)".</summary>
    internal static string Size(string relation, IReadOnlyDictionary<string, RelationStatistics> statistics)
    {
        if (!statistics.TryGetValue(relation, out var size))
            return " (not on the target: an earlier pending migration creates it)";
        var rows = size.Rows is { } count ? $"≈ {Count(count)} rows, " : "";
        var analyzed = size.Rows is null ? ", never analyzed" : "";
        return $" ({rows}{Bytes(size.TotalBytes)} on the target{analyzed})";
    }

    internal static string Count(long rows) => rows switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{rows / 1e9:0.#} G"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{rows / 1e6:0.#} M"),
        >= 10_000 => string.Create(CultureInfo.InvariantCulture, $"{rows / 1e3:0.#} k"),
        _ => rows.ToString(CultureInfo.InvariantCulture),
    };

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.#} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
