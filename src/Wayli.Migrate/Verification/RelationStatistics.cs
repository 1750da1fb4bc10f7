namespace Wayli.Migrate.Verification;

/// <summary>How big a relation is on the target, as its statistics say (read-only: no table is read).</summary>
/// <param name="Relation">Its name, schema-qualified.</param>
/// <param name="Rows">The planner's row estimate (<c>pg_class.reltuples</c>); null when the table was never analyzed.</param>
/// <param name="TotalBytes">Its size with indexes and TOAST (<c>pg_total_relation_size</c>).</param>
/// <param name="LastVacuum">When it was last vacuumed, by autovacuum or by hand.</param>
/// <param name="LastAnalyze">When it was last analyzed, by autovacuum or by hand.</param>
public sealed record RelationStatistics(string Relation, long? Rows, long TotalBytes, DateTimeOffset? LastVacuum, DateTimeOffset? LastAnalyze);
