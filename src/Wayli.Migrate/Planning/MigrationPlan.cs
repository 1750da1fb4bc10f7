using System.Text.Json.Serialization;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Planning;

/// <summary>The planner's answer: every version's state, in version order, and the findings about them.</summary>
/// <param name="Entries">One entry per version found in the files or the history, ordered by version; then the
/// repeatable migrations, in name order.</param>
/// <param name="Findings">Drift, out-of-order and missing files, each marked blocking or not.</param>
public sealed record MigrationPlan(
    [property: JsonPropertyName("migrations")] IReadOnlyList<PlanEntry> Entries,
    IReadOnlyList<PlanFinding> Findings)
{
    /// <summary>The entries <c>migrate</c> would apply, in order: versioned migrations, then repeatable ones.</summary>
    [JsonIgnore]
    public IEnumerable<PlanEntry> ToApply => Entries.Where(e => e.WillApply);

    /// <summary>True when a finding forbids applying anything.</summary>
    public bool IsBlocked => Findings.Any(f => f.Blocking);

    /// <summary>How many entries are in each state.</summary>
    public StateCounts Summary => new(Count(MigrationState.Applied), Count(MigrationState.Pending), Count(MigrationState.Failed),
        Count(MigrationState.Drifted), Count(MigrationState.Missing), Count(MigrationState.OutOfOrder));

    /// <summary>Counts entries in a state.</summary>
    public int Count(MigrationState state) => Entries.Count(e => e.State == state);

    /// <summary>
    /// The plan as it stands once <paramref name="rows"/> are written (matched by version text): each of their entries
    /// takes its row, and is applied or failed as the row says.
    /// </summary>
    public MigrationPlan After(IEnumerable<AppliedMigration> rows)
    {
        var written = rows.ToDictionary(r => r.VersionText, StringComparer.Ordinal);
        if (written.Count == 0)
            return this;
        return this with
        {
            Entries = [.. Entries.Select(e => written.TryGetValue(e.VersionText, out var row)
                ? e with { Applied = row, State = row.Success ? MigrationState.Applied : MigrationState.Failed }
                : e)],
        };
    }
}
