using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Infrastructure;

namespace Wayli.Migrate.Runs;

/// <summary>Installs or upgrades the history table, its security and <c>exec_sql</c>, on a connection that holds the migration lock.</summary>
internal static class InfrastructureInstaller
{
    /// <summary>
    /// Installs the infrastructure when the table is missing or outdated (always with <paramref name="force"/>), and
    /// Supabase's roles first when asked. Returns what the table looked like before.
    /// </summary>
    /// <exception cref="MigrateException">The SQL failed (<see cref="FailureKind.MigrationFailed"/>), or the table belongs to another tool.</exception>
    public static async Task<HistoryShape> EnsureAsync(RunContext run, NpgsqlConnection connection, bool force, CancellationToken cancellationToken)
    {
        try
        {
            if (run.Options.CreateRoles)
                await ScriptRunner.RunInTransactionAsync(connection, InfrastructureScript.CreateRoles, cancellationToken);
            var shape = await run.History.InspectAsync(connection, cancellationToken);
            run.RefuseIncompatible(shape);
            if (shape == HistoryShape.Current && !force)
                return shape;
            await ScriptRunner.RunInTransactionAsync(connection, InfrastructureScript.Bootstrap(run.Table), cancellationToken);
            run.Observer.Bootstrapped(shape switch
            {
                HistoryShape.Missing => $"installed the history table {run.Table}, its row-level security and public.exec_sql",
                HistoryShape.NeedsUpgrade => $"upgraded the existing history table {run.Table} in place (rows kept) and secured it",
                _ => $"checked the infrastructure of {run.Table}: up to date",
            });
            return shape;
        }
        catch (PostgresException e)
        {
            throw new MigrateException(FailureKind.MigrationFailed,
                $"installing the infrastructure ({run.Table}, public.exec_sql) failed: {e.SqlState}: {e.MessageText}"
                + (e.Hint is null ? "" : $" (hint: {e.Hint})"), e);
        }
    }
}
