using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Connections;

namespace Wayli.Migrate.Runs;

/// <summary>How to reach the database and what a run may do.</summary>
/// <param name="Connection">The database.</param>
/// <param name="Table">The history table.</param>
/// <param name="Plan">Drift and ordering rules.</param>
/// <param name="CreateRoles">Create Supabase's roles (NOLOGIN) where missing when installing the infrastructure.</param>
/// <param name="LockTimeout">How long to wait for another migrator's lock; null waits as long as it takes.</param>
/// <param name="WaitForDatabase">How long to keep retrying while the database cannot be reached; null tries once.</param>
/// <param name="StatementLockTimeout">PostgreSQL's <c>lock_timeout</c> for migration statements, so a migration that
/// cannot get a table lock gives up (and is retried) instead of queueing every other query behind it.</param>
/// <param name="StatementTimeout">PostgreSQL's <c>statement_timeout</c> for migration statements; null for none.</param>
/// <param name="LockRetries">How many times a transactional migration that failed on a lock (55P03) or a deadlock
/// (40P01) is tried again, with back-off.</param>
public sealed record MigratorOptions(
    ConnectionSettings Connection,
    HistoryTable Table,
    PlanOptions Plan,
    bool CreateRoles = false,
    TimeSpan? LockTimeout = null,
    TimeSpan? WaitForDatabase = null,
    TimeSpan? StatementLockTimeout = null,
    TimeSpan? StatementTimeout = null,
    int LockRetries = 3);
