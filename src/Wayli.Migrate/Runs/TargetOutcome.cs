namespace Wayli.Migrate.Runs;

/// <summary>How one database of a multi-database run ended.</summary>
/// <param name="Database">The database, named safely (no password).</param>
/// <param name="Result">The run's result, when it got that far.</param>
/// <param name="Error">Why it could not run (connection, lock, infrastructure), or null.</param>
/// <param name="Skipped">True when --fail-fast stopped the run before this database was started.</param>
public sealed record TargetOutcome(string Database, MigrateResult? Result, Failures.MigrateException? Error, bool Skipped = false)
{
    /// <summary>True when this database ended at the wanted state.</summary>
    public bool Succeeded => Result is { Succeeded: true } && Error is null && !Skipped;
}
