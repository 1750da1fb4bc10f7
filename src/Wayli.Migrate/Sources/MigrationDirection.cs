namespace Wayli.Migrate.Sources;

/// <summary>Which part of a migration file runs: the up part applies it, the down part reverts it.</summary>
public enum MigrationDirection
{
    /// <summary>The part before <c>-- migrate:down</c> (the whole file when it has none): what <c>migrate</c> applies.</summary>
    Up,

    /// <summary>The part after <c>-- migrate:down</c>: what <c>down</c> runs to revert the migration.</summary>
    Down,
}
