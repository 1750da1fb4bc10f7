using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Connections;

/// <summary>
/// Opens connections, waits for a database that is not up yet, and turns the ways connecting can fail into
/// messages a person can act on, naming the database by <see cref="ConnectionSettings.Display"/> and never by its
/// connection string. Failures that time will not heal (wrong password, unknown database, TLS required) are
/// never retried.
/// </summary>
public static class DatabaseConnector
{
    static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    /// <summary>Opens a new physical connection and forwards the server's NOTICE messages to <paramref name="onNotice"/>.</summary>
    /// <param name="settings">The database.</param>
    /// <param name="onNotice">Receives NOTICE messages; may be null.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <param name="waitFor">How long to keep retrying while the database cannot be reached; null tries once.</param>
    /// <param name="onWaiting">Told about each retry: what is being waited for and why.</param>
    /// <param name="names">How the user names the options a message mentions.</param>
    /// <exception cref="MigrateException">The connection failed (<see cref="FailureKind.Connection"/>, or
    /// <see cref="FailureKind.ConnectionRejected"/> when retrying cannot help).</exception>
    public static async Task<NpgsqlConnection> OpenAsync(ConnectionSettings settings, Action<string>? onNotice, CancellationToken cancellationToken,
        TimeSpan? waitFor = null, Action<string>? onWaiting = null, OptionNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var started = TimeProvider.System.GetTimestamp();
        var pause = FirstPause;
        for (var attempt = 1; ; attempt++)
        {
            var connection = settings.DataSource.CreateConnection();
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
                var waited = TimeProvider.System.GetElapsedTime(started);
                if (!WillHeal(e))
                    throw new MigrateException(FailureKind.ConnectionRejected, $"cannot connect to {settings.Display}: {Describe(e)}", e);
                if (waitFor is not { } limit || waited >= limit)
                {
                    var gaveUp = waitFor is null ? "" : $" (gave up after {waited.TotalSeconds:0.#} s of {(names ?? OptionNames.Library)[OptionNames.WaitForDatabase]})";
                    throw new MigrateException(FailureKind.Connection, $"cannot connect to {settings.Display}: {Describe(e)}{gaveUp}", e);
                }
                // The last pause ends at the limit, and one more attempt is made there: the whole wait is used.
                var sleep = pause < limit - waited ? pause : limit - waited;
                onWaiting?.Invoke($"waiting for the database at {settings.Display} ({Describe(e)}); attempt {attempt}, next in {sleep.TotalSeconds:0.##} s, "
                    + $"giving up after {limit.TotalSeconds:0.#} s");
                await Task.Delay(sleep, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    /// <summary>
    /// True when the failure may go away by itself: the server is not reachable yet, is starting up, or is out of
    /// connection slots. Authentication, unknown databases and TLS problems will not.
    /// </summary>
    internal static bool WillHeal(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
            or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.InsufficientResources,
        NpgsqlException { InnerException: AuthenticationException } => false,
        NpgsqlException npgsql when npgsql.Message.Contains("SSL", StringComparison.Ordinal) => false,
        _ => true,
    };

    /// <summary>The cause of a connection failure in one sentence, without secrets.</summary>
    internal static string Describe(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } pg =>
            $"{pg.MessageText} (check the user name and password)",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } pg => $"{pg.MessageText} (check the database name)",
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        NpgsqlException { InnerException: SocketException socket } => $"{socket.Message} (is the server running and reachable?)",
        NpgsqlException { InnerException: TimeoutException } or TimeoutException => "timed out (is the server reachable?)",
        NpgsqlException { InnerException: { } inner } => $"{e.Message.TrimEnd('.')}: {inner.Message.TrimEnd('.')}",
        _ => e.Message,
    };
}
