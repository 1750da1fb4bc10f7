using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// Reads what comparing files with their history rows needs beyond the file checksum, and only for the files that need
/// it: the MD5 of files whose rows the original TypeScript service wrote (32-digit checksums), and the statement
/// checksum of files whose text no longer matches a row that records one (an edit of comments or layout is no change).
/// </summary>
internal static class RecordedChecksums
{
    /// <summary>Reads the MD5 of the files whose rows hold one; nothing when no row does.</summary>
    public static void ReadLegacy(IReadOnlyList<Migration> migrations, IReadOnlyList<AppliedMigration> rows)
    {
        var legacy = rows.Where(r => MigrationChecksum.IsLegacyMd5(r.Checksum) && r.Version is not null)
            .Select(r => r.Version!.Value).ToHashSet();
        if (legacy.Count == 0)
            return;
        foreach (var migration in migrations.Where(m => legacy.Contains(m.Version)))
            migration.ReadLegacyChecksum();
    }

    /// <summary>
    /// Reads the statement checksum of each of <paramref name="migrations"/> whose text differs from its successful row's
    /// when that row has a statement checksum to compare (after <see cref="ReadLegacy"/>). A file lexed by this run
    /// already has it; the others are read again.
    /// </summary>
    /// <param name="migrations">The files to look at: all of them, or those a run found not applied as they are.</param>
    /// <param name="applied">The successful rows by version (<see cref="Successful"/>).</param>
    public static void ReadStatements(IEnumerable<Migration> migrations, IReadOnlyDictionary<MigrationVersion, AppliedMigration> applied)
    {
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var row) && MigrationChecksum.IsComparableStatementChecksum(row.StatementChecksum)
                && !migration.MatchesFileChecksum(row.Checksum))
            {
                migration.ReadStatementChecksum();
            }
        }
    }

    /// <summary>The rows of applied migrations (successful and not reverted since), by version.</summary>
    public static Dictionary<MigrationVersion, AppliedMigration> Successful(IReadOnlyList<AppliedMigration> rows) =>
        rows.Where(r => r.IsApplied && r.Version is not null).ToDictionary(r => r.Version!.Value);

    /// <summary>Both, for every file: what a set lexed when it was read needs before it is planned.</summary>
    public static void Read(IReadOnlyList<Migration> migrations, IReadOnlyList<AppliedMigration> rows)
    {
        ReadLegacy(migrations, rows);
        ReadStatements(migrations, Successful(rows));
    }
}
