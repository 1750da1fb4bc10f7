namespace Wayli.Migrate.Runs;

/// <summary>What <c>down</c> reverted, would revert without <c>--yes</c>, or why it refused.</summary>
/// <param name="Database">The database, named safely.</param>
/// <param name="HistoryTable">The history table.</param>
/// <param name="Applied">True when this run reverted (or tried to revert) migrations; false for a plan or a refusal.</param>
/// <param name="Steps">The migrations in the range, newest first, each saying whether it was reverted.</param>
/// <param name="Refusals">Why nothing was reverted; when there are any, nothing was.</param>
/// <param name="Notes">Things to know that changed nothing.</param>
/// <param name="Failed">The down part that failed and why; null when none did.</param>
public sealed record DownResult(
    string Database,
    string HistoryTable,
    bool Applied,
    IReadOnlyList<DownStep> Steps,
    IReadOnlyList<string> Refusals,
    IReadOnlyList<string> Notes,
    MigrationFailure? Failed)
{
    /// <summary>True when nothing was reverted because the range cannot be.</summary>
    public bool Refused => Refusals.Count > 0;
}
