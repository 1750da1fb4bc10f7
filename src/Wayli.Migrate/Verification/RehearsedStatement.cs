namespace Wayli.Migrate.Verification;

/// <summary>What one statement of a pending migration did when it was rehearsed, as PostgreSQL itself showed it.</summary>
/// <param name="Number">Its 1-based number among the file's statements.</param>
/// <param name="Line">The line it starts on.</param>
/// <param name="Sql">Its first line, shortened.</param>
/// <param name="Milliseconds">How long it ran on the scratch database (which holds the migrations' rows only, not production's).</param>
/// <param name="Locks">The locks it acquired on relations that existed before the migration (those the migration
/// creates are invisible to other sessions), strongest first.</param>
/// <param name="Rewritten">Existing tables and indexes it rewrote (their storage file changed).</param>
/// <param name="Scanned">Existing tables it read in full (sequential scans of its own transaction).</param>
/// <param name="Indexes">Indexes it built on existing tables.</param>
/// <param name="Risk">How much it can disturb a live database.</param>
/// <param name="Risks">Why, one sentence per relation and kind of work, joined with the target's size of it, riskiest first.</param>
/// <param name="Sampled">True when it ran outside a transaction, so its locks were sampled while it ran rather than read after it.</param>
public sealed record RehearsedStatement(
    int Number,
    int Line,
    string Sql,
    double Milliseconds,
    IReadOnlyList<RelationLock> Locks,
    IReadOnlyList<string> Rewritten,
    IReadOnlyList<string> Scanned,
    IReadOnlyList<BuiltIndex> Indexes,
    RiskLevel Risk,
    IReadOnlyList<StatementRisk> Risks,
    bool Sampled = false);
