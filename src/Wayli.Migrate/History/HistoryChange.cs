using System.Text.Json.Serialization;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.History;

/// <summary>One change to the history table that a maintenance command (baseline, repair, adopt) would make.</summary>
/// <param name="Kind">What happens to the row.</param>
/// <param name="VersionText">The row's version.</param>
/// <param name="Description">The migration's name.</param>
/// <param name="Migration">The file, when the change records it.</param>
/// <param name="Reason">Why, for the printed list.</param>
public sealed record HistoryChange(
    HistoryChangeKind Kind,
    [property: JsonPropertyName("version")] string VersionText,
    [property: JsonPropertyName("name")] string Description,
    [property: JsonIgnore] Migration? Migration,
    string Reason)
{
    /// <summary>One line for people: what would happen to which version, and why.</summary>
    public override string ToString() => Kind switch
    {
        HistoryChangeKind.RecordApplied => $"record {VersionText} {Description} as applied, without running it ({Reason})",
        HistoryChangeKind.RealignChecksum => $"set the checksum of {VersionText} {Description} to its file's ({Reason})",
        HistoryChangeKind.Delete => $"delete the row of {VersionText} {Description} ({Reason})",
        _ => $"{Kind} {VersionText}",
    };
}
