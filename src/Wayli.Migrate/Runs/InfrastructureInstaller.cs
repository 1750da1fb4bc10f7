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
    /// Installs the infrastructure when the table is missing or outdated, and Supabase's roles first when asked.
    /// Returns what the table looked like before.
    /// </summary>
    /// <exception cref="MigrateException">The SQL failed (<see cref="FailureKind.MigrationFailed"/>), or the table belongs to another tool.</exception>
    public static Task<HistoryShape> EnsureAsync(RunContext run, NpgsqlConnection connection, CancellationToken cancellationToken) =>
        EnsureAsync(run, connection, null, cancellationToken);

    /// <inheritdoc cref="EnsureAsync(RunContext, NpgsqlConnection, CancellationToken)"/>
    /// <param name="run">The run.</param>
    /// <param name="connection">The locked working session.</param>
    /// <param name="shape">The table's shape, when it was read under the lock already; null to read it.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<HistoryShape> EnsureAsync(RunContext run, NpgsqlConnection connection, HistoryShape? shape, CancellationToken cancellationToken)
    {
        var (before, _) = await InstallAsync(run, connection, force: false, shape, cancellationToken);
        return before;
    }

    /// <summary>
    /// Installs the infrastructure whether or not it looks current (<c>bootstrap</c>), and says what that changed,
    /// read from the catalogs before and after (grants and a policy can be missing from a table that looks current).
    /// </summary>
    public static Task<(HistoryShape Before, IReadOnlyList<string> Changes)> ForceAsync(RunContext run, NpgsqlConnection connection,
        CancellationToken cancellationToken) => InstallAsync(run, connection, force: true, known: null, cancellationToken);

    static async Task<(HistoryShape Before, IReadOnlyList<string> Changes)> InstallAsync(RunContext run, NpgsqlConnection connection, bool force,
        HistoryShape? known, CancellationToken cancellationToken)
    {
        try
        {
            var before = force ? await InfrastructureState.ReadAsync(connection, run.Table, cancellationToken) : null;
            if (run.Options.CreateRoles)
                await ScriptRunner.RunInTransactionAsync(connection, InfrastructureScript.CreateRoles, cancellationToken);
            var shape = known ?? await run.History.InspectAsync(connection, cancellationToken);
            run.RefuseIncompatible(shape);
            if (shape == HistoryShape.Current && !force)
                return (shape, []);
            await ScriptRunner.RunInTransactionAsync(connection, InfrastructureScript.Bootstrap(run.Table), cancellationToken);
            var changes = before is null ? [] : before.ChangesTo(await InfrastructureState.ReadAsync(connection, run.Table, cancellationToken));
            run.Observer.Bootstrapped(shape switch
            {
                HistoryShape.Missing => $"installed the history table {run.Table}, its row-level security and public.exec_sql",
                HistoryShape.NeedsUpgrade => $"upgraded the existing history table {run.Table} in place (rows kept) and secured it",
                _ when changes.Count == 0 => $"checked the infrastructure of {run.Table}: up to date, nothing changed",
                _ => $"checked the infrastructure of {run.Table}: {changes.Count} change(s) made",
            });
            return (shape, changes);
        }
        catch (PostgresException e)
        {
            throw new MigrateException(FailureKind.MigrationFailed,
                $"installing the infrastructure ({run.Table}, public.exec_sql) failed: {e.SqlState}: {e.MessageText}"
                + (e.Hint is null ? "" : $" (hint: {e.Hint})"), e);
        }
    }
}
