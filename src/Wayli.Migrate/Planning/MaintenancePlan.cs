using Wayli.Migrate.History;
namespace Wayli.Migrate.Planning;

/// <summary>What a maintenance command would change, or why it refuses.</summary>
/// <param name="Changes">The history edits, in version order.</param>
/// <param name="Refusals">Reasons not to change anything at all; when there are any, nothing is changed.</param>
/// <param name="Notes">Things to know that change nothing (versions only one side has, rows already recorded).</param>
public sealed record MaintenancePlan(IReadOnlyList<HistoryChange> Changes, IReadOnlyList<string> Refusals, IReadOnlyList<string> Notes)
{
    /// <summary>True when the command must not change anything.</summary>
    public bool IsRefused => Refusals.Count > 0;
}
