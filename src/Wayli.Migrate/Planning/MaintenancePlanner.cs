using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Planning;

/// <summary>
/// Decides, without I/O, what <c>baseline</c>, <c>repair</c> and <c>adopt</c> would change in the history table.
/// Each returns every change for a person to read before anything is written.
/// </summary>
public static class MaintenancePlanner
{
    /// <summary>
    /// <c>baseline --version V</c>: record every migration up to V as applied without running it. Refused when one of
    /// those versions is already recorded differently (another checksum, or a failed attempt).
    /// </summary>
    public static MaintenancePlan Baseline(IReadOnlyList<Migration> migrations, IReadOnlyList<AppliedMigration> history, MigrationVersion upTo)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var rows = Index(history);
        var changes = new List<HistoryChange>();
        var refusals = new List<string>();
        var notes = new List<string>();
        foreach (var migration in migrations.Where(m => m.Version <= upTo))
        {
            if (!rows.TryGetValue(migration.Version, out var row))
                AddRecordApplied(changes, history, migration, migration.Name.VersionText, "baseline");
            else if (row.Success && row.Records(migration))
                notes.Add($"{row.VersionText} {row.Name} is already recorded as applied");
            else
                refusals.Add($"{row.VersionText} {row.Name} is already recorded {(row.Success ? "with another checksum" : "as a failed attempt")}; "
                    + "baseline records only versions with no row (use repair for this one)");
        }
        if (changes.Count == 0 && refusals.Count == 0 && notes.Count == 0)
            refusals.Add($"no migration file has a version up to {upTo}");
        return new MaintenancePlan(changes, refusals, notes);
    }

    /// <summary>
    /// <c>repair</c>: without a request, realign checksums of applied migrations to their files and delete failed
    /// attempts; with <paramref name="markApplied"/> or <paramref name="markPending"/>, edit that one row only.
    /// </summary>
    public static MaintenancePlan Repair(IReadOnlyList<Migration> migrations, IReadOnlyList<AppliedMigration> history,
        MigrationVersion? markApplied = null, MigrationVersion? markPending = null)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var rows = Index(history);
        var files = migrations.ToDictionary(m => m.Version);
        if (markApplied is { } applied)
            return MarkApplied(files, rows, history, applied);
        if (markPending is { } pending)
            return MarkPending(rows, pending);
        var changes = new List<HistoryChange>();
        foreach (var row in rows.Values.OrderBy(r => r.Version!.Value))
        {
            if (!row.Success)
                changes.Add(new HistoryChange(HistoryChangeKind.Delete, row.VersionText, row.Name, null, "a failed attempt; migrate will try it again"));
            else if (files.TryGetValue(row.Version!.Value, out var file) && !row.Records(file))
                changes.Add(new HistoryChange(HistoryChangeKind.RealignChecksum, row.VersionText, row.Name, file, $"recorded {row.Checksum}, file {file.Checksum}"));
        }
        return new MaintenancePlan(changes, [], changes.Count == 0 ? ["nothing to repair: every applied checksum matches its file and no attempt failed"] : []);
    }

    /// <summary>
    /// <c>adopt</c>: record as applied the migrations another tool applied, note versions only one side has, and leave
    /// alone versions already recorded here. A version matches the file of the same number, or the file its number maps
    /// to when a project is converted (<see cref="VersionMapping.Whole"/>: goose's <c>1</c> is <c>20000101000001_…</c>).
    /// A version the tool records as its newest (golang-migrate) stands for every file up to it.
    /// </summary>
    public static MaintenancePlan Adopt(IReadOnlyList<Migration> migrations, IReadOnlyList<AppliedMigration> history,
        IReadOnlyList<ForeignMigration> foreign, string source)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(foreign);
        var rows = Index(history);
        var files = migrations.ToDictionary(m => m.Version);
        var changes = new List<HistoryChange>();
        var notes = new List<string>();
        var adopted = new HashSet<MigrationVersion>();
        void Record(Migration file, string why)
        {
            if (!adopted.Add(file.Version))
                return;
            if (rows.ContainsKey(file.Version))
                notes.Add($"{file.FileName} is already recorded here; left as it is");
            else
                AddRecordApplied(changes, history, file, file.Name.VersionText, why);
        }
        foreach (var other in foreign)
        {
            if (other.Version is not { } version)
            {
                notes.Add($"{source} version {other.VersionText} ({other.Name}) is not a number, so no file can match it");
                continue;
            }
            var matched = files.GetValueOrDefault(version)
                ?? (VersionMapping.Whole(other.VersionText) is { } mapped ? files.GetValueOrDefault(MigrationVersion.Parse(mapped)) : null);
            if (other.Through)
            {
                var upTo = matched?.Version ?? version;
                foreach (var file in migrations.Where(m => m.Version <= upTo))
                    Record(file, $"applied by {source}, up to its newest {(other.Name.Length > 0 ? other.Name : $"version {other.VersionText}")}");
                if (matched is null)
                    notes.Add($"{source}'s newest version {other.VersionText} has no file here; the files before it are taken as applied");
            }
            else if (matched is null)
                notes.Add($"{source} applied {other.VersionText} ({other.Name}), but no file has that version");
            else
                Record(matched, other.Name.Length == 0 ? $"applied by {source} as version {other.VersionText}" : $"applied by {source} as {other.Name}");
        }
        foreach (var file in migrations.Where(m => !adopted.Contains(m.Version) && !rows.ContainsKey(m.Version)))
            notes.Add($"{file.FileName} was not applied by {source}: migrate will apply it");
        return new MaintenancePlan(changes, [], notes);
    }

    /// <summary>
    /// Repeatable migrations another tool applied in their current form (Flyway's <c>R__</c> files whose checksum
    /// matches its latest application) are recorded as applied; the others are left for <c>migrate</c> to apply.
    /// </summary>
    public static MaintenancePlan AdoptRepeatables(IReadOnlyList<Migration> repeatables, IReadOnlyList<AppliedMigration> history,
        IReadOnlySet<string> appliedAsTheyAre, string source)
    {
        ArgumentNullException.ThrowIfNull(repeatables);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(appliedAsTheyAre);
        var recorded = history.Select(r => r.VersionText).ToHashSet(StringComparer.Ordinal);
        var changes = new List<HistoryChange>();
        var notes = new List<string>();
        foreach (var repeatable in repeatables)
        {
            if (recorded.Contains(repeatable.Name.VersionText))
                notes.Add($"{repeatable.FileName} is already recorded here; left as it is");
            else if (appliedAsTheyAre.Contains(repeatable.Name.VersionText))
                changes.Add(new HistoryChange(HistoryChangeKind.RecordApplied, repeatable.Name.VersionText, repeatable.Description, repeatable, $"applied by {source} as it is now"));
            else
                notes.Add($"{repeatable.FileName} was not applied by {source} as it is now: migrate will apply it");
        }
        return new MaintenancePlan(changes, [], notes);
    }

    static MaintenancePlan MarkApplied(Dictionary<MigrationVersion, Migration> files, Dictionary<MigrationVersion, AppliedMigration> rows,
        IReadOnlyList<AppliedMigration> history, MigrationVersion version)
    {
        if (!files.TryGetValue(version, out var file))
            return Refused($"no migration file has version {version}");
        if (rows.TryGetValue(version, out var row) && row.Success)
            return new MaintenancePlan([], [], [$"{file.FileName} is already recorded as applied"]);
        var changes = new List<HistoryChange>();
        if (row is not null)
            changes.Add(new HistoryChange(HistoryChangeKind.Delete, row.VersionText, row.Name, null, "its failed attempt, replaced by the row below"));
        AddRecordApplied(changes, row is null ? history : [], file, row?.VersionText ?? file.Name.VersionText, "--mark-applied");
        return new MaintenancePlan(changes, [], []);
    }

    static MaintenancePlan MarkPending(Dictionary<MigrationVersion, AppliedMigration> rows, MigrationVersion version) =>
        rows.TryGetValue(version, out var row)
            ? new MaintenancePlan([new HistoryChange(HistoryChangeKind.Delete, row.VersionText, row.Name, null, "--mark-pending: migrate will apply it again")], [], [])
            : Refused($"version {version} has no row in the history table: it is already pending");

    static MaintenancePlan Refused(string why) => new([], [why], []);

    /// <summary>
    /// Records <paramref name="file"/> as applied; a row <c>down</c> left for it (reverted, so not applied) is deleted
    /// first, in the same transaction, so the insert stays strict about any other row of that version.
    /// </summary>
    static void AddRecordApplied(List<HistoryChange> changes, IReadOnlyList<AppliedMigration> history, Migration file, string versionText, string reason)
    {
        var reverted = history.FirstOrDefault(r => r.Reverted && r.Version == file.Version);
        if (reverted is not null)
            changes.Add(new HistoryChange(HistoryChangeKind.Delete, reverted.VersionText, reverted.Name, null, "reverted by down; replaced by the row below"));
        changes.Add(new HistoryChange(HistoryChangeKind.RecordApplied, reverted?.VersionText ?? versionText, file.Description, file, reason));
    }

    static Dictionary<MigrationVersion, AppliedMigration> Index(IReadOnlyList<AppliedMigration> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        // A reverted row is as good as none: the migration is not applied, and recording it applied replaces the row.
        var rows = new Dictionary<MigrationVersion, AppliedMigration>();
        foreach (var row in history)
        {
            if (row.Version is { } version && !row.Reverted)
                rows[version] = row;
        }
        return rows;
    }
}
