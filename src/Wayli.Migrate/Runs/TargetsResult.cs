namespace Wayli.Migrate.Runs;

/// <summary>What <c>migrate</c> did on each of many databases, in the targets' order.</summary>
/// <param name="Outcomes">One outcome per database (of this shard, when the targets are sharded).</param>
/// <param name="Shard">The shard this run was (<c>INDEX/COUNT</c>), or null when it took every target.</param>
/// <param name="Targets">How many databases the target list named, this shard's and the others'.</param>
public sealed record TargetsResult(IReadOnlyList<TargetOutcome> Outcomes, string? Shard, int Targets)
{
    /// <summary>How many databases ended at the wanted state.</summary>
    public int Succeeded => Outcomes.Count(o => o.Succeeded);

    /// <summary>How many were not started (fail-fast).</summary>
    public int Skipped => Outcomes.Count(o => o.Skipped);

    /// <summary>How many failed.</summary>
    public int Failed => Outcomes.Count - Succeeded - Skipped;
}
