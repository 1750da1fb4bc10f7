using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Runs;

/// <summary>How one database of a many-database run ended.</summary>
/// <param name="Database">The database, named safely (no password).</param>
/// <param name="Result">The run's result, when it got that far.</param>
/// <param name="ErrorKind">The kind of the error that kept the run from this database (connection, lock, infrastructure, files), if any.</param>
/// <param name="ErrorMessage">That error's message.</param>
/// <param name="Skipped">True when fail-fast stopped the run before this database was started.</param>
public sealed record TargetOutcome(string Database, MigrateResult? Result, FailureKind? ErrorKind = null, string? ErrorMessage = null, bool Skipped = false)
{
    /// <summary>True when this database ended at the wanted state.</summary>
    public bool Succeeded => Result is { Succeeded: true } && ErrorKind is null && !Skipped;
}
