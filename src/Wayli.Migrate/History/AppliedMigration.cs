using Wayli.Migrate.Sources;

namespace Wayli.Migrate.History;

/// <summary>One row of the history table: a migration that was applied, or an attempt that failed.</summary>
/// <param name="VersionText">The version as stored (its text, leading zeros kept).</param>
/// <param name="Name">The migration's description as recorded.</param>
/// <param name="Checksum">The checksum recorded when it was applied: SHA-256 (64 hex) or the original service's MD5 (32 hex).</param>
/// <param name="AppliedAt">When it was applied or attempted.</param>
/// <param name="ExecutionTimeMs">How long it took, in milliseconds, when recorded.</param>
/// <param name="ErrorMessage">The error of a failed attempt.</param>
/// <param name="Success">False for a failed attempt that has not been applied since.</param>
/// <param name="InstalledBy">The database user that applied it, when recorded.</param>
/// <param name="ToolVersion">The version of Wayli Migrate that wrote the row, when recorded.</param>
/// <param name="RecordedBy">The command that wrote the row: migrate, baseline, repair, adopt from …, down</param>
/// <param name="StatementChecksum">The checksum of the file's statements without comments and layout
/// (<see cref="MigrationChecksum.OfStatements"/>); null in rows written before this version recorded it.</param>
/// <param name="Reverted">True when <c>down</c> reverted the migration since it was last applied: it counts as not applied.</param>
/// <param name="RevertedAt">When it was last reverted (kept when it is applied again).</param>
/// <param name="RevertedBy">The database user that last reverted it.</param>
public sealed record AppliedMigration(
    string VersionText,
    string Name,
    string Checksum,
    DateTimeOffset? AppliedAt,
    int? ExecutionTimeMs,
    string? ErrorMessage,
    bool Success,
    string? InstalledBy,
    string? ToolVersion = null,
    string? RecordedBy = null,
    string? StatementChecksum = null,
    bool Reverted = false,
    DateTimeOffset? RevertedAt = null,
    string? RevertedBy = null)
{
    /// <summary>True when the row says the migration is applied now: successful and not reverted since.</summary>
    public bool IsApplied => Success && !Reverted;

    /// <summary>The version as a number, when the stored text is one.</summary>
    public MigrationVersion? Version => MigrationVersion.TryParse(VersionText, out var version) ? version : null;

    /// <summary>
    /// True when this row stands for <paramref name="migration"/>'s file as it is now: the same text, or the same
    /// statements with other comments or layout. The one notion of "changed" that status, validate, test, migrate and
    /// repair share (the checksums it needs are read first: see <see cref="Migration.MatchesChecksum"/>).
    /// </summary>
    public bool Records(Migration migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        return migration.MatchesChecksum(Checksum, StatementChecksum);
    }
}
