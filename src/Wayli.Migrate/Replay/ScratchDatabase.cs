using System.Security.Cryptography;
using Npgsql;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Local;
using Wayli.Migrate.Connections;

namespace Wayli.Migrate.Replay;

/// <summary>
/// An empty database that exists only for the idempotency proof, created and dropped by the command: on the server
/// of <c>--scratch-url</c>; else on the target's server when its role may <c>CREATE DATABASE</c>; else in a throwaway
/// local cluster. <see cref="DropAsync"/> removes it (and stops the cluster), also after a failure or Ctrl-C.
/// </summary>
internal sealed class ScratchDatabase
{
    readonly ConnectionSettings _server;
    readonly LocalCluster? _cluster;

    ScratchDatabase(ConnectionSettings server, string name, LocalCluster? cluster, string description)
    {
        (_server, Name, _cluster, Description) = (server, name, cluster, description);
        Settings = server.WithDatabase(name);
    }

    /// <summary>The scratch database's name.</summary>
    public string Name { get; }

    /// <summary>How to reach it.</summary>
    public ConnectionSettings Settings { get; }

    /// <summary>Where it lives, for the report.</summary>
    public string Description { get; }

    /// <summary>Creates the scratch database in the first place that allows it.</summary>
    public static async Task<ScratchDatabase> CreateAsync(ConnectionSettings? scratchServer, ConnectionSettings? target, CancellationToken cancellationToken)
    {
        if (scratchServer is not null)
            return await CreateOnAsync(scratchServer, null, $"a temporary database on {scratchServer.Display} (--scratch-url)", cancellationToken);
        if (target is not null && await MayCreateDatabaseAsync(target, cancellationToken))
            return await CreateOnAsync(target, null, $"a temporary database on the target's server {target.Display}", cancellationToken);
        var cluster = await LocalCluster.StartAsync(cancellationToken);
        try
        {
            return await CreateOnAsync(cluster.Settings(), cluster, $"a throwaway local PostgreSQL on 127.0.0.1:{cluster.Port}", cancellationToken);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Drops the database (forcing out any session left) and stops the local cluster, if one was started. It never
    /// takes the caller's token (a cancelled run must still clean up) and never throws, so it cannot hide the run's
    /// own error: it returns what went wrong, if anything, for the report.
    /// </summary>
    public async Task<string?> DropAsync()
    {
        try
        {
            if (_cluster is not null)
                return null;
            await using var connection = await DatabaseConnector.OpenAsync(_server, null, CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
            return null;
        }
        catch (Exception e) when (e is MigrateException or NpgsqlException)
        {
            return $"the scratch database {Name} on {_server.Display} could not be dropped ({e.Message}); drop it by hand";
        }
        finally
        {
            if (_cluster is not null)
                await _cluster.DisposeAsync();
        }
    }

    static async Task<ScratchDatabase> CreateOnAsync(ConnectionSettings server, LocalCluster? cluster, string description, CancellationToken cancellationToken)
    {
        var name = "wayli_migrate_scratch_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using var connection = await DatabaseConnector.OpenAsync(server, null, cancellationToken);
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
        return new ScratchDatabase(server, name, cluster, description);
    }

    static async Task<bool> MayCreateDatabaseAsync(ConnectionSettings target, CancellationToken cancellationToken)
    {
        await using var connection = await DatabaseConnector.OpenAsync(target, null, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
