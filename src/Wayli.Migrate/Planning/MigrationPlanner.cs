using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Planning;

/// <summary>
/// Decides, without any I/O, what <c>migrate</c> would do: (files, history rows, options) → plan.
/// Rows and files are matched by numeric version, so <c>007_x.sql</c> matches a row recorded as <c>7</c>.
/// </summary>
public static class MigrationPlanner
{
    /// <summary>Builds the plan.</summary>
    public static MigrationPlan Plan(IReadOnlyList<Migration> migrations, IReadOnlyList<AppliedMigration> history, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        var (rows, unnumbered) = IndexHistory(history);
        var newestApplied = NewestSuccessful(history);
        var entries = new List<(MigrationVersion Version, PlanEntry Entry)>();
        var findings = new List<PlanFinding>();
        foreach (var migration in migrations)
        {
            rows.Remove(migration.Version, out var row);
            var entry = Classify(migration, row, newestApplied) with
            {
                BeyondTarget = options.Target is { } target && migration.Version > target,
            };
            entries.Add((migration.Version, entry));
            AddFinding(entry, options, newestApplied, findings);
        }
        foreach (var (version, row) in rows)
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
        return new MigrationPlan(ordered, findings);
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
            if (row.Success && row.Version is { } version && (newest is null || version > newest.Value))
                newest = version;
        }
        return newest;
    }

    static PlanEntry Classify(Migration migration, AppliedMigration? row, MigrationVersion? newestApplied)
    {
        var state = row switch
        {
            null when newestApplied is { } newest && migration.Version < newest => MigrationState.OutOfOrder,
            null => MigrationState.Pending,
            { Success: false } => MigrationState.Failed,
            _ when row.Records(migration) => MigrationState.Applied,
            _ => MigrationState.Drifted,
        };
        return new PlanEntry(row?.VersionText ?? migration.Name.VersionText, migration.Description, state, migration, row);
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
