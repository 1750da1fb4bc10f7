using System.Net.Sockets;
using Npgsql;
using Wayli.Migrate.Configuration;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Opens connections and turns the ways that can fail into messages a person can act on, naming the database by
/// <see cref="ConnectionSettings.Display"/> and never by its connection string.
/// </summary>
public static class DatabaseConnector
{
    /// <summary>Opens a new physical connection and forwards the server's NOTICE messages to <paramref name="onNotice"/>.</summary>
    /// <exception cref="MigrateException">The connection failed (<see cref="FailureKind.Connection"/>).</exception>
    public static async Task<NpgsqlConnection> OpenAsync(ConnectionSettings settings, Action<string>? onNotice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connection = new NpgsqlConnection(settings.ConnectionString);
        if (onNotice is not null)
            connection.Notice += (_, e) => onNotice(e.Notice.MessageText);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException or IOException)
        {
            await connection.DisposeAsync();
            throw new MigrateException(FailureKind.Connection, $"cannot connect to {settings.Display}: {Describe(e)}", e);
        }
    }

    /// <summary>The cause of a connection failure in one sentence, without secrets.</summary>
    internal static string Describe(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } pg =>
            $"{pg.MessageText} (check the user name and password)",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } pg => $"{pg.MessageText} (check the database name)",
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        NpgsqlException { InnerException: SocketException socket } => $"{socket.Message} (is the server running and reachable?)",
        NpgsqlException { InnerException: TimeoutException } or TimeoutException => "timed out (is the server reachable?)",
        NpgsqlException { InnerException: { } inner } => $"{e.Message.TrimEnd('.')}: {inner.Message}",
        _ => e.Message,
    };
}
