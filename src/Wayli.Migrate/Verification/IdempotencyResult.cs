using System.Text.Json.Serialization;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Verification;

/// <summary>The idempotency verdict on one migration.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Outcome">What its second run did.</param>
/// <param name="Error">The error of a failed run, located in the file.</param>
/// <param name="Difference">What the second run changed, for <see cref="IdempotencyOutcome.ChangesOnRerun"/>.</param>
/// <param name="Reversibility">Whether its down part undoes it; null when it has no down part (or its up part failed).</param>
public sealed record IdempotencyResult(
    [property: JsonIgnore] Migration Migration,
    IdempotencyOutcome Outcome,
    MigrationError? Error = null,
    [property: JsonIgnore] SchemaDifference? Difference = null,
    ReversibilityResult? Reversibility = null)
{
    /// <summary>The file name.</summary>
    public string File => Migration.FileName;

    /// <summary>What the second run changed, one object per line (<c>+</c> added, <c>-</c> removed, <c>~</c> changed); empty when nothing.</summary>
    public IReadOnlyList<string> Differences => Difference is { } difference ? difference.Lines() : [];
}
