namespace Wayli.Migrate.Verification;

/// <summary>How much a statement of a migration can disturb the tables it touches on a live database (see docs/safety.md).</summary>
public enum RiskLevel
{
    /// <summary>It touches no table that existed before its migration, or only with locks that block nothing but DDL.</summary>
    None,

    /// <summary>It reads a whole existing table, or builds an index on it, while only DDL is blocked (<c>VALIDATE CONSTRAINT</c>, <c>CREATE INDEX CONCURRENTLY</c>, a data <c>UPDATE</c>).</summary>
    Low,

    /// <summary>It takes a lock that blocks writes (or reads) on an existing table, but does no work proportional to its size:
    /// brief, yet it waits behind every running transaction on the table and everything queues behind it.</summary>
    Medium,

    /// <summary>It rewrites, scans or indexes an existing table while writes (or reads) are blocked: the pause grows with the table.</summary>
    High,
}
