using System.Text.Json.Serialization;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>Everything <c>test</c> found.</summary>
/// <param name="Findings">File problems, infrastructure and history findings, idempotency failures, in that order.</param>
/// <param name="Idempotency">The verdict on each migration, in order (empty when the proof did not run).</param>
/// <param name="Status">The target's status, when a target was given.</param>
/// <param name="Scratch">Where the proof ran, when it ran.</param>
public sealed record TestReport(
    IReadOnlyList<TestFinding> Findings,
    [property: JsonPropertyName("migrations")] IReadOnlyList<IdempotencyResult> Idempotency,
    StatusResult? Status,
    string? Scratch)
{
    /// <summary>True when nothing failing was found.</summary>
    public bool Passed => !Findings.Any(f => f.Failing);
}
