using Npgsql;
using Wayli.Migrate.Connections;

namespace Wayli.Migrate.Infrastructure;

/// <summary>
/// Installs the Supabase-like environment (<see cref="InfrastructureScript.SupabaseEnvironment"/>) on a database, in one
/// transaction: the one way <c>test --supabase</c>, <c>sandbox --supabase</c> and <c>dev --supabase</c> prepare theirs.
/// </summary>
public static class SupabaseEnvironment
{
    /// <summary>Installs the environment on <paramref name="database"/> (safe to repeat). Sessions opened afterwards see its search_path.</summary>
    /// <exception cref="PostgresException">The server refused a statement (nothing was installed).</exception>
    public static async Task InstallAsync(ConnectionSettings database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await DatabaseConnector.OpenAsync(database, null, cancellationToken);
        await InstallAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Installs the environment over an open session that holds nothing else (safe to repeat); run again when it loses
    /// a race on the roles to another session of the same server.
    /// </summary>
    internal static Task InstallAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ScriptRunner.RunInTransactionRetryingRacesAsync(connection, InfrastructureScript.SupabaseEnvironment, cancellationToken);
}
