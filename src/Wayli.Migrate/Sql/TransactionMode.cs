namespace Wayli.Migrate.Sql;

/// <summary>How a migration file is run.</summary>
public enum TransactionMode
{
    /// <summary>All statements and the history row in one transaction: all or nothing.</summary>
    Transactional,

    /// <summary>
    /// Statement by statement with autocommit, for files with statements PostgreSQL refuses inside a transaction
    /// block, or that manage transactions themselves. A failure leaves the statements before it applied.
    /// </summary>
    NonTransactional,
}
