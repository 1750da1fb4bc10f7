using Wayli.Migrate.History;
using Wayli.Migrate.Planning;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>migrate</c> would do, found without a lock and without changing anything.</summary>
/// <param name="Database">The database, named safely.</param>
/// <param name="HistoryTable">The history table.</param>
/// <param name="History">Whether the history table exists and is current (it would be installed or upgraded first if not).</param>
/// <param name="InstallSql">The infrastructure SQL that would run first, when asked for the SQL and the table is not current.</param>
/// <param name="Steps">The migrations that would be applied, in order (none when the plan is blocked).</param>
/// <param name="LeftBeyondTarget">Pending migrations newer than the target version, which would be left pending.</param>
/// <param name="Plan">Every version's state and the findings.</param>
public sealed record PlanResult(
    string Database,
    string HistoryTable,
    HistoryShape History,
    string? InstallSql,
    IReadOnlyList<PlannedStep> Steps,
    int LeftBeyondTarget,
    MigrationPlan Plan)
{
    /// <summary>True when every step would be applied in one transaction (<c>--single-transaction</c>).</summary>
    public bool SingleTransaction { get; init; }

    /// <summary>The callbacks the run would execute (<c>callbacks/*.sql</c>), in name order.</summary>
    public IReadOnlyList<string> Callbacks { get; init; } = [];
}
