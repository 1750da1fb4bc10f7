using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.History;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>drift</c> and <c>plan --rehearse</c> read from the target, at one moment.</summary>
/// <param name="ServerMajorVersion">The server's major version, such as 17.</param>
/// <param name="Roles">Its roles (not the <c>pg_</c> ones), which a replay's grants may name.</param>
/// <param name="History">Whether the history table exists and is current.</param>
/// <param name="Rows">The history rows.</param>
/// <param name="Fingerprint">The schema, without row data.</param>
/// <param name="Statistics">The size of each table, index and materialized view, when asked for.</param>
internal sealed record TargetState(
    int ServerMajorVersion,
    IReadOnlyList<string> Roles,
    HistoryShape History,
    IReadOnlyList<AppliedMigration> Rows,
    SchemaFingerprint Fingerprint,
    IReadOnlyDictionary<string, RelationStatistics> Statistics);
