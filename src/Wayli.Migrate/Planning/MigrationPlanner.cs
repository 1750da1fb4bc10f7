using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Planning;

/// <summary>
/// Decides, without any I/O, what <c>migrate</c> would do: (files, history rows, options) → plan.
/// Rows and files are matched by numeric version, so <c>007_x.sql</c> matches a row recorded as <c>7</c>. A row that
/// <c>down</c> marked reverted counts as no row: its migration is pending again. Repeatable migrations are matched to
/// their rows by name and planned after every versioned one.
/// </summary>
public static class MigrationPlanner
{
    /// <summary>Builds the plan.</summary>
    /// <param name="migrations">The versioned migrations, in version order.</param>
    /// <param name="history">Every history row.</param>
    /// <param name="options">What the plan allows.</param>
    /// <param name="repeatables">The repeatable migrations, in name order; none when null.</param>
    public static MigrationPlan Plan(IReadOnlyList<Migration> migrations, IReadOnlyList<AppliedMigration> history, PlanOptions options,
        IReadOnlyList<Migration>? repeatables = null)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        var repeatableRows = history.Where(IsRepeatableRow).ToList();
        history = [.. history.Where(r => !IsRepeatableRow(r))];
        var (rows, unnumbered) = IndexHistory(history);
        var newestApplied = NewestSuccessful(history);
        var entries = new List<(MigrationVersion Version, PlanEntry Entry)>();
        var findings = new List<PlanFinding>();
        foreach (var migration in migrations)
        {
            rows.Remove(migration.Version, out var row);
            var replaced = Replaced(migration, rows);
            var entry = (migration.Squashes.Count > 0 ? ClassifySquash(migration, row, replaced, newestApplied, findings) : Classify(migration, row, newestApplied)) with
            {
                BeyondTarget = options.Target is { } target && migration.Version > target,
            };
            entries.Add((migration.Version, entry));
            AddFinding(entry, options, newestApplied, findings);
        }
        // A reverted row without a file is only the audit of something no longer there.
        foreach (var (version, row) in rows.Where(r => !r.Value.Reverted))
        {
            var entry = new PlanEntry(row.VersionText, row.Name, MigrationState.Missing, null, row);
            entries.Add((version, entry));
            AddFinding(entry, options, newestApplied, findings);
        }
        entries.Sort((a, b) => a.Version.CompareTo(b.Version));
        // Rows whose version is not a number belong to no file; they come first, in the order of their text.
        var ordered = unnumbered.OrderBy(r => r.VersionText, StringComparer.Ordinal)
            .Select(row => new PlanEntry(row.VersionText, row.Name, MigrationState.Missing, null, row))
            .ToList();
        foreach (var entry in ordered)
            AddFinding(entry, options, newestApplied, findings);
        ordered.AddRange(entries.Select(e => e.Entry));
        ordered.AddRange(PlanRepeatables(repeatables ?? [], repeatableRows, findings));
        return new MigrationPlan(ordered, findings);
    }

    /// <summary>True for the row of a repeatable migration (keyed by its path, <c>repeatable/NAME.sql</c>).</summary>
    public static bool IsRepeatableRow(AppliedMigration row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.VersionText.StartsWith(MigrationFileName.RepeatableFolder + "/", StringComparison.Ordinal);
    }

    /// <summary>
    /// Repeatable migrations in name order: pending when never applied or changed since (their checksum differs from
    /// the row's), failed when their last attempt failed, applied when unchanged. A row whose file is gone is noted,
    /// never an error: the objects it made stay, and nothing runs it again.
    /// </summary>
    static IEnumerable<PlanEntry> PlanRepeatables(IReadOnlyList<Migration> repeatables, List<AppliedMigration> rows, List<PlanFinding> findings)
    {
        var byKey = rows.ToDictionary(r => r.VersionText, StringComparer.Ordinal);
        foreach (var repeatable in repeatables)
        {
            byKey.Remove(repeatable.Name.VersionText, out var row);
            var state = row switch
            {
                null => MigrationState.Pending,
                { Success: false } => MigrationState.Failed,
                _ when repeatable.MatchesChecksum(row.Checksum) => MigrationState.Applied,
                _ => MigrationState.Pending,
            };
            yield return new PlanEntry(repeatable.Name.VersionText, repeatable.Description, state, repeatable, row);
        }
        foreach (var row in byKey.Values.OrderBy(r => r.VersionText, StringComparer.Ordinal))
        {
            findings.Add(new PlanFinding(row.VersionText, $"{row.VersionText} was applied as a repeatable migration but its file is gone; what it made stays", Blocking: false));
            yield return new PlanEntry(row.VersionText, row.Name, MigrationState.Missing, null, row);
        }
    }

    static (Dictionary<MigrationVersion, AppliedMigration> Numbered, List<AppliedMigration> Unnumbered) IndexHistory(
        IReadOnlyList<AppliedMigration> history)
    {
        var rows = new Dictionary<MigrationVersion, AppliedMigration>();
        var unnumbered = new List<AppliedMigration>();
        foreach (var row in history)
        {
            if (row.Version is { } version)
                rows[version] = row;
            else
                unnumbered.Add(row);
        }
        return (rows, unnumbered);
    }

    static MigrationVersion? NewestSuccessful(IReadOnlyList<AppliedMigration> history)
    {
        MigrationVersion? newest = null;
        foreach (var row in history)
        {
            if (row.IsApplied && row.Version is { } version && (newest is null || version > newest.Value))
                newest = version;
        }
        return newest;
    }

    static PlanEntry Classify(Migration migration, AppliedMigration? row, MigrationVersion? newestApplied)
    {
        var state = row switch
        {
            null or { Reverted: true } when newestApplied is { } newest && migration.Version < newest => MigrationState.OutOfOrder,
            null or { Reverted: true } => MigrationState.Pending,
            { Success: false } => MigrationState.Failed,
            _ when row.Records(migration) => MigrationState.Applied,
            _ => MigrationState.Drifted,
        };
        return new PlanEntry(row?.VersionText ?? migration.Name.VersionText, migration.Description, state, migration, row);
    }

    /// <summary>The rows of the versions a squashed file replaces (taken out of <paramref name="rows"/>: they are its, not missing files').</summary>
    static List<AppliedMigration> Replaced(Migration migration, Dictionary<MigrationVersion, AppliedMigration> rows)
    {
        var replaced = new List<AppliedMigration>();
        foreach (var version in migration.Squashes.Where(v => v != migration.Version))
        {
            if (rows.Remove(version, out var row))
                replaced.Add(row);
        }
        return replaced;
    }

    /// <summary>
    /// A squashed file: applied when its own row records it; applied, to be recorded once, when the database applied
    /// every version it replaces; pending when it applied none; refused when it applied only some of them (the rest of
    /// those files is gone, and the squashed file would apply their first parts again).
    /// </summary>
    static PlanEntry ClassifySquash(Migration migration, AppliedMigration? row, List<AppliedMigration> replaced, MigrationVersion? newestApplied,
        List<PlanFinding> findings)
    {
        if (row is { Success: true, Reverted: false } && row.Records(migration))
            return new PlanEntry(row.VersionText, migration.Description, MigrationState.Applied, migration, row);
        var own = row is { Success: true, Reverted: false } ? 1 : 0;
        var appliedOnes = own + replaced.Count(r => r.IsApplied);
        var all = migration.Squashes.Distinct().Count();
        if (appliedOnes == 0 && row is null or { Reverted: true } or { Success: false })
            return Classify(migration, row, newestApplied);
        if (appliedOnes == all && own == 1)
        {
            findings.Add(new PlanFinding(row!.VersionText,
                $"{migration.FileName} squashes {all} migrations this database applied one by one: it counts as applied, and migrate records that once", Blocking: false));
            return new PlanEntry(row.VersionText, migration.Description, MigrationState.Applied, migration, row) { RecordSquash = true };
        }
        var missing = migration.Squashes.Where(v => v != migration.Version ? !replaced.Any(r => r.IsApplied && r.Version == v) : own == 0).ToList();
        findings.Add(new PlanFinding(migration.Name.VersionText,
            $"{migration.FileName} squashes {all} migrations, and this database applied only {appliedOnes} of them (not {string.Join(", ", missing.Take(5))}"
            + (missing.Count > 5 ? ", …" : "") + "): apply the original files first (squash moved them aside), then the squashed folder",
            Blocking: true));
        return new PlanEntry(row?.VersionText ?? migration.Name.VersionText, migration.Description, MigrationState.Pending, migration, row);
    }

    /// <summary>What a drifted file's row can tell: a statement changed, or (a row without a statement checksum) anything did.</summary>
    static string WhatChanged(AppliedMigration row) => MigrationChecksum.IsComparableStatementChecksum(row.StatementChecksum)
        ? "its statements changed, not only comments or layout"
        : "its row was recorded without a statement checksum, so a change to comments counts too; "
          + "if only comments changed, repair records the file's checksums";

    static void AddFinding(PlanEntry entry, PlanOptions options, MigrationVersion? newestApplied, List<PlanFinding> findings)
    {
        var names = options.Names ?? OptionNames.Library;
        var (allowDrift, outOfOrder) = (names[OptionNames.AllowDrift], names[OptionNames.AllowOutOfOrder]);
        switch (entry.State)
        {
            case MigrationState.Drifted:
                findings.Add(new PlanFinding(entry.VersionText,
                    $"{entry.Migration!.FileName} was changed after it was applied ({WhatChanged(entry.Applied!)}; recorded checksum {entry.Applied!.Checksum}, file now {entry.Migration.Checksum}); "
                    + "restore the file, or put the change in a new migration" + (options.AllowDrift ? $" (allowed by {allowDrift})" : $" ({allowDrift} to go on anyway)"),
                    Blocking: !options.AllowDrift));
                break;
            case MigrationState.OutOfOrder:
                var allowed = options.AllowOutOfOrder || entry.Migration!.OutOfOrderAllowed;
                findings.Add(new PlanFinding(entry.VersionText,
                    $"{entry.Migration!.FileName} is pending but older than the newest applied migration {newestApplied}; "
                    + (options.AllowOutOfOrder ? $"it will be applied ({outOfOrder})"
                        : entry.Migration.OutOfOrderAllowed ? "it will be applied (-- migrate:out-of-order-ok)"
                        : $"give it a newer version, add '-- migrate:out-of-order-ok' to its top, or pass {outOfOrder} to apply it anyway"),
                    Blocking: !allowed));
                break;
            case MigrationState.Missing:
                findings.Add(new PlanFinding(entry.VersionText,
                    $"version {entry.VersionText} ({entry.Description}) is recorded in the history table but no file has that version",
                    Blocking: false));
                break;
            default:
                break;
        }
    }
}
