namespace Wayli.Migrate.Planning;

/// <summary>The planner's answer: every version's state, in version order, and the findings about them.</summary>
/// <param name="Entries">One entry per version found in the files or the history, ordered by version.</param>
/// <param name="Findings">Drift, out-of-order and missing files, each marked blocking or not.</param>
public sealed record MigrationPlan(IReadOnlyList<PlanEntry> Entries, IReadOnlyList<PlanFinding> Findings)
{
    /// <summary>The entries <c>migrate</c> would apply, in order.</summary>
    public IEnumerable<PlanEntry> ToApply => Entries.Where(e => e.WillApply);

    /// <summary>True when a finding forbids applying anything.</summary>
    public bool IsBlocked => Findings.Any(f => f.Blocking);

    /// <summary>Counts entries in a state.</summary>
    public int Count(MigrationState state) => Entries.Count(e => e.State == state);
}
