using System.Text.Json.Serialization;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Fingerprints;

namespace Wayli.Migrate.Verification;

/// <summary>The reversibility verdict on a migration with a down part.</summary>
/// <param name="Outcome">What its down part did.</param>
/// <param name="Error">The error of a failed down part, or of the up part run again after it, located in the file.</param>
/// <param name="Difference">What differs from the database before the up part, for <see cref="ReversibilityOutcome.DownLeavesChanges"/>.</param>
public sealed record ReversibilityResult(ReversibilityOutcome Outcome, MigrationError? Error = null, [property: JsonIgnore] SchemaDifference? Difference = null)
{
    /// <summary>What differs after the down part, one object per line (<c>+</c> left behind, <c>-</c> gone, <c>~</c> changed); empty when nothing.</summary>
    public IReadOnlyList<string> Differences => Difference is { } difference ? difference.Lines() : [];
}
