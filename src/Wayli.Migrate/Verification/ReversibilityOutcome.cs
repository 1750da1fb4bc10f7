namespace Wayli.Migrate.Verification;

/// <summary>What applying a migration's down part after its up part did.</summary>
public enum ReversibilityOutcome
{
    /// <summary>The down part restored the schema and rows as they were before the up part, and the up part ran again.</summary>
    Reversible,

    /// <summary>The down part failed.</summary>
    DownFails,

    /// <summary>
    /// The down part ran but left the database otherwise than before the up part (the objects that differ are listed),
    /// or left something that makes the up part fail when run again.
    /// </summary>
    DownLeavesChanges,
}
