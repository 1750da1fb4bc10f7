using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>Where the database stands, read without a lock and without changing anything.</summary>
/// <param name="Database">The database, named safely.</param>
/// <param name="HistoryTable">The history table.</param>
/// <param name="History">Whether the history table exists and is current.</param>
/// <param name="Plan">Every version's state and the findings.</param>
/// <param name="Problems">What is wrong with the files (an empty list when nothing is).</param>
public sealed record StatusResult(string Database, string HistoryTable, HistoryShape History, MigrationPlan Plan, IReadOnlyList<SourceProblem> Problems);
