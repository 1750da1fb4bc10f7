using System.Security.Cryptography;
using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// A script that alters a role another session is altering at the same moment (every Supabase preparation does:
/// <c>ALTER ROLE service_role BYPASSRLS</c>) waits for it, then fails with "tuple concurrently updated"; the script
/// runner behind every preparation of a scratch database runs such a rolled-back transaction again.
/// </summary>
public sealed class SharedCatalogRaceTests(PostgresServer server)
{
    [Fact]
    public async Task A_preparation_that_loses_a_race_on_a_role_is_run_again()
    {
        await WithRoleAlteredMeanwhileAsync(async (connection, role, script) =>
        {
            await ScriptRunner.RunInTransactionRetryingRacesAsync(connection, script, TestContext.Current.CancellationToken);

            await using var check = new NpgsqlCommand($"SELECT NOT rolbypassrls AND shobj_description(oid, 'pg_authid') = 'prepared' FROM pg_roles WHERE rolname = '{role}'",
                connection);
            Assert.Equal(true, await check.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        });
    }

    [Fact]
    public async Task The_race_is_real_a_single_attempt_fails_with_tuple_concurrently_updated()
    {
        await WithRoleAlteredMeanwhileAsync(async (connection, _, script) =>
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => ScriptRunner.RunInTransactionAsync(connection, script, TestContext.Current.CancellationToken));
            Assert.True(SharedCatalogRace.IsLost(error), error.ToString());
        });
    }

    /// <summary>
    /// Holds an uncommitted ALTER ROLE in one session, starts <paramref name="run"/> with a script altering the same role
    /// (<paramref name="run"/> gets the session, the role and the script) in another, waits until that one waits for the lock, then commits the first.
    /// </summary>
    async Task WithRoleAlteredMeanwhileAsync(Func<NpgsqlConnection, string, string, Task> run)
    {
        var role = $"race_role_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync($"CREATE ROLE {role} NOLOGIN");
        try
        {
            await using var holder = await db.OpenAsync();
            await using (var alter = new NpgsqlCommand($"BEGIN; ALTER ROLE {role} BYPASSRLS", holder))
                await alter.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            await using var racer = await db.OpenAsync();
            var running = run(racer, role, $"ALTER ROLE {role} NOBYPASSRLS; COMMENT ON ROLE {role} IS 'prepared';");
            await ReliabilityChecks.WaitForSessionAsync(db, $"wait_event_type = 'Lock' AND query LIKE '%{role} NOBYPASSRLS%'", running,
                TestContext.Current.CancellationToken);
            await using (var commit = new NpgsqlCommand("COMMIT", holder))
                await commit.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

            await running;
        }
        finally
        {
            await db.ExecuteAsync($"DROP ROLE {role}");
        }
    }
}
