namespace Wayli.Migrate.Sql;

/// <summary>What a top-level statement does to the session's transaction, read from its leading words.</summary>
public enum TransactionControl
{
    /// <summary>Nothing: it runs in whatever transaction there is (or its own, in autocommit).</summary>
    None,

    /// <summary><c>BEGIN</c> or <c>START TRANSACTION</c>: opens a transaction.</summary>
    Begin,

    /// <summary><c>COMMIT</c> or <c>END</c> (not <c>AND CHAIN</c>): ends it, keeping its work.</summary>
    Commit,

    /// <summary><c>ROLLBACK</c> or <c>ABORT</c> (not <c>ROLLBACK TO</c> a savepoint, not <c>AND CHAIN</c>): ends it, discarding its work.</summary>
    Rollback,
}
