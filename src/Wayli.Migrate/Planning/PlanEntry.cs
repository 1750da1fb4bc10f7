using System.Text.Json.Serialization;
using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Planning;

/// <summary>One version as the planner sees it: its file (if any), its history row (if any), and its state.</summary>
/// <param name="VersionText">The version as recorded in history when there is a row (so a retry updates that row), else as written in the file name.</param>
/// <param name="Description">The description from the file name, or from history when there is no file.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Migration">The file, unless <see cref="MigrationState.Missing"/>.</param>
/// <param name="Applied">The history row, if there is one.</param>
/// <param name="BeyondTarget">True when the migration is newer than the target version, so <c>migrate</c> leaves it pending.</param>
public sealed record PlanEntry(
    [property: JsonPropertyName("version")] string VersionText,
    [property: JsonPropertyName("name")] string Description,
    MigrationState State,
    [property: JsonIgnore] Migration? Migration,
    [property: JsonIgnore] AppliedMigration? Applied,
    bool BeyondTarget = false)
{
    /// <summary>
    /// True for a squashed file (<c>-- migrate:squashes</c>) whose versions the database applied one by one: it is
    /// applied, and <c>migrate</c> records that once, by giving the row of its version the file's checksums.
    /// </summary>
    public bool RecordSquash { get; init; }

    /// <summary>True when <c>migrate</c> would run this migration's SQL.</summary>
    [JsonIgnore]
    public bool WillApply => !BeyondTarget && State is MigrationState.Pending or MigrationState.Failed or MigrationState.OutOfOrder;

    /// <summary>The file name, when there is a file.</summary>
    public string? File => Migration?.FileName;

    /// <summary>The file's checksum, when there is a file.</summary>
    public string? Checksum => Migration?.Checksum;

    /// <summary>The checksum in history, when there is a row.</summary>
    public string? RecordedChecksum => Applied?.Checksum;

    /// <summary>When it was applied or last attempted.</summary>
    public DateTimeOffset? AppliedAt => Applied?.AppliedAt;

    /// <summary>How long it took, in milliseconds, when recorded.</summary>
    public int? ExecutionTimeMs => Applied?.ExecutionTimeMs;

    /// <summary>The error of the last attempt, when it failed.</summary>
    public string? Error => Applied is { Success: false } row ? row.ErrorMessage : null;

    /// <summary>The command that wrote the row (<c>migrate</c>, <c>baseline</c>, <c>repair: …</c>, <c>adopt from …</c>, <c>down</c>).</summary>
    public string? RecordedBy => Applied?.RecordedBy;

    /// <summary>True for a repeatable migration (<c>repeatable/NAME.sql</c>), whose version is its path.</summary>
    public bool Repeatable => Migration?.Kind == MigrationKind.Repeatable || (Applied is { } row && MigrationPlanner.IsRepeatableRow(row));

    /// <summary>When <c>down</c> last reverted it, if it ever did (kept when it is applied again).</summary>
    public DateTimeOffset? RevertedAt => Applied?.RevertedAt;

    /// <summary>The database user that last reverted it.</summary>
    public string? RevertedBy => Applied?.RevertedBy;
}
