using Wayli.Migrate.History;
using Wayli.Migrate.Planning;

namespace Wayli.Migrate.Runs;

/// <summary>Where the database stands, read without a lock and without changing anything.</summary>
/// <param name="Plan">Every version's state and the findings.</param>
/// <param name="History">Whether the history table exists and is current.</param>
public sealed record StatusResult(MigrationPlan Plan, HistoryShape History);
