using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Local;
using Wayli.Migrate.Tests.Support;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace Wayli.Migrate.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run (started on first use, deleted at the end, also when
/// tests fail). Each test takes a fresh database of its own, so tests run in parallel without seeing each other.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    LocalCluster? _cluster;
    int _counter;

    /// <summary>The running cluster.</summary>
    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync();
        // Roles are cluster-wide: create Supabase's once, so tests need not race to create them.
        await using var connection = new NpgsqlConnection(_cluster.Settings().ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Infrastructure.InfrastructureScript.CreateRoles, connection);
        await command.ExecuteNonQueryAsync();
        // authenticator and supabase_admin too, with authenticator's memberships: wayli's shim, supabase-storage and the
        // Supabase environment (--supabase) all create or grant them when missing, and would race.
        await using var platform = new NpgsqlCommand("""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticator') THEN CREATE ROLE authenticator NOLOGIN NOINHERIT; END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'supabase_admin') THEN CREATE ROLE supabase_admin NOLOGIN; END IF;
            END $$;
            GRANT anon, authenticated, service_role TO authenticator;
            """, connection);
        await platform.ExecuteNonQueryAsync();
    }

    /// <summary>Creates an empty database for one test.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        var name = $"test_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid():N}"[..24];
        await Cluster.CreateDatabaseAsync(name);
        return new TestDatabase(this, name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    internal ConnectionSettings Settings(string database) => Cluster.Settings(database);
}
