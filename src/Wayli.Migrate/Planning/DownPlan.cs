namespace Wayli.Migrate.Planning;

/// <summary>What <c>down</c> would revert, in the order it reverts them, or why it refuses.</summary>
/// <param name="Steps">The applied migrations to revert, newest first.</param>
/// <param name="Refusals">Why nothing may be reverted; when there are any, nothing is.</param>
/// <param name="Notes">Things to know that change nothing.</param>
public sealed record DownPlan(IReadOnlyList<PlanEntry> Steps, IReadOnlyList<string> Refusals, IReadOnlyList<string> Notes)
{
    /// <summary>True when nothing may be reverted.</summary>
    public bool IsRefused => Refusals.Count > 0;
}
