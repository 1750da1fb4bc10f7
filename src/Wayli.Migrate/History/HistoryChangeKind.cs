namespace Wayli.Migrate.History;

/// <summary>The edits maintenance commands make to the history table.</summary>
public enum HistoryChangeKind
{
    /// <summary>Insert a row saying the migration is applied, without running its SQL.</summary>
    RecordApplied,

    /// <summary>Set an applied row's checksum to the file's current checksum.</summary>
    RealignChecksum,

    /// <summary>Remove the row (a failed attempt, or a migration marked pending).</summary>
    Delete,
}
