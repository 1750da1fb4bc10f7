using Wayli.Migrate.History;

namespace Wayli.Migrate.Runs;

/// <summary>What a maintenance command (<c>baseline</c>, <c>repair</c>, <c>adopt</c>) changed, or would change.</summary>
/// <param name="Applied">True when the changes were made (false for a dry run or a refusal).</param>
/// <param name="Changes">The history edits, in version order.</param>
/// <param name="Refusals">Why nothing may change; when there are any, nothing was changed.</param>
/// <param name="Notes">Things to know that change nothing.</param>
public sealed record MaintenanceResult(bool Applied, IReadOnlyList<HistoryChange> Changes, IReadOnlyList<string> Refusals, IReadOnlyList<string> Notes)
{
    /// <summary>True when the command refused to change anything.</summary>
    public bool Refused => Refusals.Count > 0;
}
