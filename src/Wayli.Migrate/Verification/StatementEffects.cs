namespace Wayli.Migrate.Verification;

/// <summary>What a statement did to the relations that existed before its migration, before it is judged.</summary>
/// <param name="Locks">The locks it acquired, strongest first.</param>
/// <param name="Held">The strongest lock held on each such relation once it ended (with those taken earlier in the
/// same transaction): the lock its work ran under.</param>
/// <param name="Rewritten">Tables and indexes whose storage it replaced; an index of a rewritten table is not listed.</param>
/// <param name="RewrittenIndexes">Of <paramref name="Rewritten"/>, the indexes, with their tables.</param>
/// <param name="Scanned">Tables it read in full, except those it rewrote or indexed (which reads them anyway).</param>
/// <param name="Indexes">Indexes it built on existing tables.</param>
/// <param name="InTransaction">True when its locks last until the migration commits.</param>
/// <param name="IndexNames">Which of the existing relations are indexes.</param>
internal sealed record StatementEffects(
    IReadOnlyList<RelationLock> Locks,
    IReadOnlyDictionary<string, string> Held,
    IReadOnlyList<string> Rewritten,
    IReadOnlyDictionary<string, string> RewrittenIndexes,
    IReadOnlyList<string> Scanned,
    IReadOnlyList<BuiltIndex> Indexes,
    bool InTransaction,
    IReadOnlySet<string> IndexNames)
{
    /// <summary>Compares two snapshots of the statement's own session around it.</summary>
    /// <param name="existing">The relations present when the migration started.</param>
    /// <param name="before">Just before the statement.</param>
    /// <param name="after">Just after it.</param>
    /// <param name="sampled">For a statement outside a transaction, the locks seen while it ran; null inside one.</param>
    /// <param name="concurrently">True when the statement is <c>CREATE INDEX CONCURRENTLY</c>.</param>
    public static StatementEffects Between(IReadOnlyDictionary<uint, RelationState> existing, RelationSnapshot before, RelationSnapshot after,
        IReadOnlySet<(uint Oid, string Mode)>? sampled, bool concurrently)
    {
        // A mode no stronger than one the transaction already held on the relation is not news.
        var heldBefore = sampled is null ? Strongest(before.Locks) : [];
        var acquired = (sampled ?? after.Locks.Except(before.Locks).ToHashSet())
            .Where(l => existing.ContainsKey(l.Oid) && LockModes.Strength(l.Mode) > LockModes.Strength(heldBefore.GetValueOrDefault(l.Oid) ?? "")).ToList();
        var locks = acquired.GroupBy(l => l.Oid)
            .Select(g => LockOn(existing[g.Key].Name, LockModes.Strongest(g.Select(l => l.Mode))!))
            .OrderByDescending(l => LockModes.Strength(l.Mode)).ThenBy(l => l.Relation, StringComparer.Ordinal).ToList();
        var held = (sampled ?? after.Locks).Where(l => existing.ContainsKey(l.Oid)).GroupBy(l => existing[l.Oid].Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => LockModes.Strongest(g.Select(l => l.Mode))!, StringComparer.Ordinal);
        var changed = existing.Keys
            .Where(oid => before.Relations.TryGetValue(oid, out var b) && after.Relations.TryGetValue(oid, out var a)
                && b.FileNode != 0 && a.FileNode != b.FileNode && (a.IsTable || a.IsIndex))
            .Select(oid => after.Relations[oid]).ToList();
        var rewrittenTables = changed.Where(r => r.IsTable).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var rewrittenIndexes = changed.Where(r => r.IsIndex && r.Table is not null && !rewrittenTables.Contains(r.Table))
            .ToDictionary(r => r.Name, r => r.Table!, StringComparer.Ordinal);
        var existingNames = existing.Values.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var indexes = after.Relations.Where(r => r.Value.IsIndex && !before.Relations.ContainsKey(r.Key) && r.Value.Table is { } table && existingNames.Contains(table))
            .Select(r => new BuiltIndex(r.Value.Name, r.Value.Table!, concurrently)).OrderBy(i => i.Index, StringComparer.Ordinal).ToList();
        var read = rewrittenTables.Concat(indexes.Select(i => i.Table)).ToHashSet(StringComparer.Ordinal);
        var scanned = existing.Keys
            .Where(oid => before.Relations.TryGetValue(oid, out var b) && after.Relations.TryGetValue(oid, out var a) && a.IsTable && a.SeqScans > b.SeqScans)
            .Select(oid => existing[oid].Name).Where(name => !read.Contains(name)).Order(StringComparer.Ordinal).ToList();
        return new StatementEffects(locks, held, [.. rewrittenTables.Order(StringComparer.Ordinal), .. rewrittenIndexes.Keys.Order(StringComparer.Ordinal)],
            rewrittenIndexes, scanned, indexes, sampled is null, existing.Values.Where(r => r.IsIndex).Select(r => r.Name).ToHashSet(StringComparer.Ordinal));
    }

    static Dictionary<uint, string> Strongest(IEnumerable<(uint Oid, string Mode)> locks) =>
        locks.GroupBy(l => l.Oid).ToDictionary(g => g.Key, g => LockModes.Strongest(g.Select(l => l.Mode))!);

    static RelationLock LockOn(string relation, string mode) => new(relation, mode, LockModes.Impact(mode));
}
