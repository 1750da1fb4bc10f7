using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>What a <c>migrate</c> run did.</summary>
/// <param name="Plan">The plan made under the lock, before applying.</param>
/// <param name="Applied">The migrations that committed, in order, with their times.</param>
/// <param name="Failure">The migration that failed and why; null when none did.</param>
/// <param name="Bootstrapped">True when the infrastructure was installed or upgraded by this run.</param>
public sealed record MigrateResult(
    MigrationPlan Plan,
    IReadOnlyList<AppliedStep> Applied,
    MigrationFailure? Failure,
    bool Bootstrapped)
{
    /// <summary>True when the database ended at the wanted state.</summary>
    public bool Succeeded => Failure is null && !Plan.IsBlocked;
}
