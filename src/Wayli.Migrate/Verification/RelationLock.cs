namespace Wayli.Migrate.Verification;

/// <summary>A lock a statement acquired on a relation that existed before its migration, as <c>pg_locks</c> showed it.</summary>
/// <param name="Relation">The relation, schema-qualified.</param>
/// <param name="Mode">PostgreSQL's name of the mode, such as <c>AccessExclusiveLock</c>.</param>
/// <param name="Blocks">What others cannot do while it is held.</param>
public sealed record RelationLock(string Relation, string Mode, LockImpact Blocks);
