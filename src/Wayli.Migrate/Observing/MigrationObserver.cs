using Wayli.Migrate.Execution;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Observing;

/// <summary>
/// Hears what a run does while it does it, so a front end can show progress. Every method does nothing unless
/// overridden; the engine itself never writes to the console.
/// </summary>
public class MigrationObserver
{
    /// <summary>A migrator that does nothing with what it hears.</summary>
    public static MigrationObserver None { get; } = new();

    /// <summary>Another migrator holds the lock; this one is waiting.</summary>
    public virtual void WaitingForLock(string message) { }

    /// <summary>The database cannot be reached yet; the run keeps trying (<c>--wait-for-db</c>).</summary>
    public virtual void WaitingForDatabase(string message) { }

    /// <summary>A migration failed on a lock or a deadlock and is tried again after <paramref name="delay"/>.</summary>
    public virtual void Retrying(Migration migration, int attempt, TimeSpan delay, MigrationError reason) { }

    /// <summary>A NOTICE from the infrastructure SQL, such as a grant skipped because its role is missing.</summary>
    public virtual void InfrastructureNotice(string message) { }

    /// <summary>The infrastructure was installed or upgraded.</summary>
    public virtual void Bootstrapped(string message) { }

    /// <summary>The plan was made under the lock, before anything is applied.</summary>
    public virtual void Planned(MigrationPlan plan) { }

    /// <summary>
    /// The next migration runs statement by statement outside a transaction, for <paramref name="reason"/>;
    /// <paramref name="rerun"/> is true when an earlier attempt of it failed part-way, so it starts again from the top.
    /// </summary>
    public virtual void RunningOutsideTransaction(Migration migration, string reason, bool rerun) { }

    /// <summary>A migration is about to be sent.</summary>
    public virtual void Applying(Migration migration) { }

    /// <summary>A migration committed.</summary>
    public virtual void Applied(Migration migration, TimeSpan elapsed) { }

    /// <summary>A migration's down part is about to be sent: the <paramref name="number"/>th of <paramref name="total"/> reverts.</summary>
    public virtual void Reverting(Migration migration, int number, int total) { }

    /// <summary>A migration's down part committed with its history change: the migration is reverted.</summary>
    public virtual void Reverted(Migration migration, TimeSpan elapsed) { }

    /// <summary>A callback (<c>callbacks/*.sql</c>) is about to be sent.</summary>
    public virtual void RunningCallback(Migration callback) { }

    /// <summary>A callback ran.</summary>
    public virtual void CallbackRan(Migration callback, TimeSpan elapsed) { }

    /// <summary>A migration (or a callback) failed and was rolled back.</summary>
    public virtual void Failed(Migration migration, MigrationError failure) { }
}
