namespace Wayli.Migrate.Verification;

/// <summary>What applying a migration a second time did.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The second run succeeded and changed nothing.</summary>
    Idempotent,

    /// <summary>The second run failed.</summary>
    FailsOnRerun,

    /// <summary>The second run succeeded but changed the schema or the data.</summary>
    ChangesOnRerun,

    /// <summary>Even the first run failed, so the proof stopped here.</summary>
    FailsOnFirstApply,

    /// <summary>Not checked, because an earlier migration failed its first run.</summary>
    NotChecked,
}
