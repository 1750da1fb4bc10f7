using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// Reads the MD5 of the files whose history rows the original TypeScript service wrote (32-digit checksums), so the
/// planner can recognise them. Only those files are read again, and only when such rows exist.
/// </summary>
internal static class LegacyChecksums
{
    public static void Read(IReadOnlyList<Migration> migrations, IReadOnlyList<AppliedMigration> rows)
    {
        var legacy = rows.Where(r => MigrationChecksum.IsLegacyMd5(r.Checksum) && r.Version is not null)
            .Select(r => r.Version!.Value).ToHashSet();
        if (legacy.Count == 0)
            return;
        foreach (var migration in migrations.Where(m => legacy.Contains(m.Version)))
            migration.ReadLegacyChecksum();
    }
}
