using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>drift</c> found: how the database differs from what its applied migrations produce.</summary>
/// <param name="Database">The database, named safely.</param>
/// <param name="ServerVersion">The major version of its server (the scratch server's too).</param>
/// <param name="Scratch">Where the applied migrations were replayed.</param>
/// <param name="Schemas">The schemas compared.</param>
/// <param name="Applied">How many applied migrations were replayed.</param>
/// <param name="Differences">Every object that differs, grouped by the object it belongs to.</param>
/// <param name="Notes">What was not compared and why, and what the clean-up did.</param>
public sealed record DriftResult(
    string Database,
    int ServerVersion,
    string Scratch,
    IReadOnlyList<string> Schemas,
    int Applied,
    IReadOnlyList<DriftDifference> Differences,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when the database is not what its applied migrations make.</summary>
    public bool Drifted => Differences.Count > 0;
}
