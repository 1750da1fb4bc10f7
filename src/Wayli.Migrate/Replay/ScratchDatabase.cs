using System.Security.Cryptography;
using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Local;

namespace Wayli.Migrate.Replay;

/// <summary>
/// An empty database that exists only for a replay: in a throwaway local cluster by default, or on the server a
/// scratch URL names, never anywhere else (a replay runs the migrations' cluster-wide statements, such as
/// <c>CREATE ROLE</c>, on its server). On a named server the roles, tablespaces and databases the replay creates are
/// noted and dropped afterwards. <see cref="DropAsync"/> removes everything, also after a failure or Ctrl-C.
/// </summary>
internal sealed class ScratchDatabase
{
    readonly ConnectionSettings _server;
    readonly LocalCluster? _cluster;
    readonly ClusterObjects? _before;

    ScratchDatabase(ConnectionSettings server, string name, LocalCluster? cluster, ClusterObjects? before, string description)
    {
        (_server, Name, _cluster, _before, Description) = (server, name, cluster, before, description);
        Settings = server.WithDatabase(name);
    }

    /// <summary>The scratch database's name.</summary>
    public string Name { get; }

    /// <summary>How to reach it.</summary>
    public ConnectionSettings Settings { get; }

    /// <summary>Where it lives, for the report.</summary>
    public string Description { get; }

    /// <summary>The server's major version, such as 17.</summary>
    public int ServerMajorVersion { get; private set; }

    /// <summary>Creates the scratch database on <paramref name="scratchServer"/> when given, else in a throwaway local cluster.</summary>
    /// <param name="scratchServer">The server a scratch URL names, or null.</param>
    /// <param name="scratchOption">How the user names the scratch URL option, for the report.</param>
    /// <param name="major">The major version the server must have, or null for any: a local cluster is started from
    /// the server programs of that version, a named server of another version is refused.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <exception cref="MigrateException">The database cannot be created, or the server's version is not
    /// <paramref name="major"/> (<see cref="FailureKind.Usage"/>).</exception>
    public static async Task<ScratchDatabase> CreateAsync(ConnectionSettings? scratchServer, string scratchOption, int? major,
        CancellationToken cancellationToken)
    {
        if (scratchServer is not null)
        {
            var before = await ClusterObjects.ReadAsync(scratchServer, cancellationToken);
            return await CreateOnAsync(scratchServer, null, before, $"a temporary database on {scratchServer.Display} ({scratchOption})",
                major is null ? null : version => $"{scratchServer.Display} ({scratchOption}) runs PostgreSQL {version}, the target PostgreSQL {major}: "
                    + $"catalogs describe objects differently from one major version to the next, so the scratch server must run PostgreSQL {major} too",
                major, cancellationToken);
        }
        var cluster = await LocalCluster.StartAsync(major, cancellationToken);
        try
        {
            return await CreateOnAsync(cluster.Settings(), cluster, null, $"a throwaway local PostgreSQL on 127.0.0.1:{cluster.Port}", null, null,
                cancellationToken);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Drops the database (forcing out any session left), then, on a named server, the roles, tablespaces and
    /// databases the replay created; or stops the local cluster. It never takes the caller's token (a cancelled run
    /// must still clean up) and never throws, so it cannot hide the run's own error: it returns what it did and what
    /// went wrong, for the report.
    /// </summary>
    /// <param name="mentioned">True when the replayed SQL mentions a name (only such server-wide objects are dropped).</param>
    public async Task<IReadOnlyList<CleanupNote>> DropAsync(Func<string, bool> mentioned)
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            return [];
        }
        try
        {
            await using var connection = await DatabaseConnector.OpenAsync(_server, null, CancellationToken.None);
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection))
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
            return await _before!.RestoreAsync(connection, _server.Display, mentioned);
        }
        catch (Exception e) when (e is MigrateException or NpgsqlException)
        {
            return [new CleanupNote($"the scratch database {Name} on {_server.Display} could not be dropped ({e.Message}); drop it by hand", true)];
        }
    }

    static async Task<ScratchDatabase> CreateOnAsync(ConnectionSettings server, LocalCluster? cluster, ClusterObjects? before, string description,
        Func<int, string>? otherVersion, int? major, CancellationToken cancellationToken)
    {
        var name = "wayli_migrate_scratch_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using var connection = await DatabaseConnector.OpenAsync(server, null, cancellationToken);
        if (otherVersion is not null && connection.PostgreSqlVersion.Major != major)
            throw new MigrateException(FailureKind.Usage, otherVersion(connection.PostgreSqlVersion.Major));
        // template0: a clean database, whatever the server's template1 has gathered.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            throw new MigrateException(FailureKind.Usage, $"cannot create a scratch database on {server.Display}: {e.MessageText}", e);
        }
        return new ScratchDatabase(server, name, cluster, before, description) { ServerMajorVersion = connection.PostgreSqlVersion.Major };
    }
}
