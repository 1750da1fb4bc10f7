using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Planning;

/// <summary>One version as the planner sees it: its file (if any), its history row (if any), and its state.</summary>
/// <param name="VersionText">The version as recorded in history when there is a row (so a retry updates that row), else as written in the file name.</param>
/// <param name="Description">The description from the file name, or from history when there is no file.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Migration">The file, unless <see cref="MigrationState.Missing"/>.</param>
/// <param name="Applied">The history row, if there is one.</param>
/// <param name="BeyondTarget">True when the migration is newer than <c>--target</c>, so <c>migrate</c> leaves it pending.</param>
public sealed record PlanEntry(string VersionText, string Description, MigrationState State, Migration? Migration, AppliedMigration? Applied,
    bool BeyondTarget = false)
{
    /// <summary>True when <c>migrate</c> would run this migration's SQL.</summary>
    public bool WillApply => !BeyondTarget && State is MigrationState.Pending or MigrationState.Failed or MigrationState.OutOfOrder;
}
