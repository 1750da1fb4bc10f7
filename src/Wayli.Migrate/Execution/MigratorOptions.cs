using Wayli.Migrate.Configuration;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;

namespace Wayli.Migrate.Execution;

/// <summary>How to reach the database and what a run may do.</summary>
/// <param name="Connection">The database.</param>
/// <param name="Table">The history table.</param>
/// <param name="Plan">Drift and ordering rules.</param>
/// <param name="CreateRoles">Create Supabase's roles (NOLOGIN) where missing when installing the infrastructure.</param>
/// <param name="LockTimeout">How long to wait for another migrator's lock; null waits as long as it takes.</param>
public sealed record MigratorOptions(
    ConnectionSettings Connection,
    HistoryTable Table,
    PlanOptions Plan,
    bool CreateRoles = false,
    TimeSpan? LockTimeout = null);
