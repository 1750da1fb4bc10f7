namespace Wayli.Migrate.History;

/// <summary>What the database holds of the history table, read without changing anything.</summary>
public enum HistoryShape
{
    /// <summary>There is no history table: nothing was ever applied by Wayli Migrate (or it was dropped).</summary>
    Missing,

    /// <summary>The table exists but lacks columns this version needs (for example the original service's table).</summary>
    NeedsUpgrade,

    /// <summary>The table has every column this version uses.</summary>
    Current,

    /// <summary>
    /// A table of that name exists but is not a migration history this tool can use (no text version, name and
    /// checksum columns, or other required columns): it is never altered, and every command refuses.
    /// </summary>
    Incompatible,
}
