namespace Wayli.Migrate.Verification;

/// <summary>How an object of the database differs from what its applied migrations produce.</summary>
public enum DriftChange
{
    /// <summary>The database has it, the migrations do not make it: added by hand (or by something else).</summary>
    OnlyInDatabase,

    /// <summary>The migrations make it, the database lacks it: dropped by hand.</summary>
    MissingFromDatabase,

    /// <summary>Both have it, defined differently: changed by hand.</summary>
    Different,
}
