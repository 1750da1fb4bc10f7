namespace Wayli.Migrate.Planning;

/// <summary>Where one migration stands, comparing the files with the history table.</summary>
public enum MigrationState
{
    /// <summary>Applied, and the file still has the checksum that was recorded.</summary>
    Applied,

    /// <summary>Not applied yet; <c>migrate</c> will apply it.</summary>
    Pending,

    /// <summary>Its last attempt failed; <c>migrate</c> will retry it.</summary>
    Failed,

    /// <summary>Applied, but the file has changed since (its checksum differs).</summary>
    Drifted,

    /// <summary>Recorded in history, but no file with its version exists.</summary>
    Missing,

    /// <summary>Not applied, and older than the newest applied migration.</summary>
    OutOfOrder,
}
