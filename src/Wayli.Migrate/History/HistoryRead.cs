namespace Wayli.Migrate.History;

/// <summary>What a batch read of the history table found (see <see cref="HistoryStore.AddTo"/>), once the batch has run.</summary>
internal sealed class HistoryRead
{
    /// <summary>The table's shape.</summary>
    public HistoryShape Shape { get; set; }

    /// <summary>Its rows, when they were read: only from a current table.</summary>
    public IReadOnlyList<AppliedMigration>? Rows { get; set; }
}
