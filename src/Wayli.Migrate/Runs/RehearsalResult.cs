using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>plan --rehearse</c> found: what each pending migration does to the tables it touches, as PostgreSQL showed it.</summary>
/// <param name="Database">The target, named safely.</param>
/// <param name="ServerVersion">The major version of its server (the scratch server's too).</param>
/// <param name="Scratch">Where the rehearsal ran.</param>
/// <param name="Applied">How many applied migrations were replayed first.</param>
/// <param name="Differences">How the target differs from that replay (as <c>drift</c> says): when any, the rehearsal
/// ran on a schema that is not quite the target's.</param>
/// <param name="Migrations">Each pending migration rehearsed, in the order <c>migrate</c> would apply them; the list
/// ends at the first that fails.</param>
/// <param name="Refusals">Why <c>migrate</c> would refuse to run at all (a failed or changed migration in the
/// history…); then nothing was rehearsed.</param>
/// <param name="Notes">What was not rehearsed and why, and what the clean-up did.</param>
public sealed record RehearsalResult(
    string Database,
    int ServerVersion,
    string Scratch,
    int Applied,
    IReadOnlyList<DriftDifference> Differences,
    IReadOnlyList<RehearsedMigration> Migrations,
    IReadOnlyList<string> Refusals,
    IReadOnlyList<string> Notes)
{
    /// <summary>The highest risk of any rehearsed statement.</summary>
    public RiskLevel Risk => Migrations.Count == 0 ? RiskLevel.None : Migrations.Max(m => m.Risk);

    /// <summary>True when a pending migration failed on the scratch database.</summary>
    public bool Failed => Migrations.Any(m => m.Error is not null);
}
