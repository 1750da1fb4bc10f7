namespace Wayli.Migrate.Linting.Baselines;

/// <summary>What a lint baseline made of a run's findings.</summary>
/// <param name="Findings">The findings the baseline does not accept: the ones to report.</param>
/// <param name="Accepted">How many findings it accepted.</param>
/// <param name="Stale">Its entries whose finding is gone (fixed, or its statement changed), in the baseline's order.</param>
public sealed record BaselineMatch(IReadOnlyList<LintFinding> Findings, int Accepted, IReadOnlyList<BaselineEntry> Stale);
