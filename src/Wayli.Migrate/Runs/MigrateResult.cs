using System.Text.Json.Serialization;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;

namespace Wayli.Migrate.Runs;

/// <summary>What a <c>migrate</c> run did.</summary>
/// <param name="Database">The database, named safely (<c>user@host:port/database</c>).</param>
/// <param name="HistoryTable">The history table.</param>
/// <param name="Bootstrapped">True when the infrastructure was installed or upgraded by this run.</param>
/// <param name="Applied">The migrations that committed, in order, with their times.</param>
/// <param name="Failed">The migration that failed and why; null when none did.</param>
/// <param name="Plan">Where every version stands after the run.</param>
/// <param name="Planned">The plan made under the lock, before applying.</param>
public sealed record MigrateResult(
    string Database,
    string HistoryTable,
    bool Bootstrapped,
    IReadOnlyList<AppliedStep> Applied,
    MigrationFailure? Failed,
    MigrationPlan Plan,
    [property: JsonIgnore] MigrationPlan Planned)
{
    /// <summary>The callbacks the run executed, in order.</summary>
    public IReadOnlyList<CallbackRun> Callbacks { get; init; } = [];

    /// <summary>The callback that failed and stopped the run; null when none did.</summary>
    public CallbackFailure? CallbackFailed { get; init; }

    /// <summary>True when the database ended at the wanted state.</summary>
    public bool Succeeded => Failed is null && CallbackFailed is null && !Planned.IsBlocked;
}
