using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 15: round trips, counted by the latency proxy (a client burst is a round trip the client waited for). A
/// deploy with nothing to do costs one connection and at most 3 round trips after authentication; a run of many
/// migrations costs at most 20 on its working connection, plus one per file that runs outside a transaction.
/// Counted, not timed: the counts do not depend on the machine.
/// </summary>
public sealed class RoundTripTests(PostgresServer server)
{
    [Fact]
    public async Task A_deploy_with_nothing_to_do_opens_one_connection_and_takes_at_most_3_round_trips_after_authentication()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = Small(50);
        var first = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        await using var proxy = await LatencyProxy.StartAsync(new Uri(db.Url).Port);
        var authentication = await AuthenticationAsync(proxy, db);

        var result = await Tool.RunAsync("migrate", "--db-url", proxy.Through(db.Url), "--dir", folder.Path);
        var run = await proxy.CountsAsync(connections: 1);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("nothing pending", result.Output, StringComparison.Ordinal);
        var connection = Assert.Single(run);
        Assert.InRange(connection.ClientBursts - authentication, 0, 3);
    }

    [Fact]
    public async Task A_run_of_300_migrations_takes_at_most_20_round_trips_on_its_working_connection_plus_those_of_files_outside_a_transaction()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = Small(300);
        await using var proxy = await LatencyProxy.StartAsync(new Uri(db.Url).Port);
        var authentication = await AuthenticationAsync(proxy, db);

        var result = await Tool.RunAsync("migrate", "--db-url", proxy.Through(db.Url), "--dir", folder.Path);
        var counts = await proxy.CountsAsync(connections: 2);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(300, (await db.HistoryAsync()).Count(h => h.Success));
        Assert.Equal(2, counts.Count);
        var working = counts.MaxBy(c => c.ClientBytes)!;
        Assert.InRange(working.ClientBursts - authentication, 0, 20);
    }

    /// <summary>The client bursts of a connection that only opens (authenticating as the runs do) and closes.</summary>
    static async Task<int> AuthenticationAsync(LatencyProxy proxy, TestDatabase db)
    {
        // The settings a run connects with (no pooling, the same authentication), through the proxy.
        var settings = Wayli.Migrate.Connections.ConnectionSettings.Parse(proxy.Through(db.Url));
        await using (await settings.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
        }
        var counts = await proxy.CountsAsync(connections: 1);
        proxy.ResetCounts();
        return Assert.Single(counts).ClientBursts;
    }

    /// <summary>Small migrations of the shape of the benchmarks' W1: a table, an index, a comment.</summary>
    static MigrationFolder Small(int count)
    {
        var folder = new MigrationFolder();
        for (var i = 1; i <= count; i++)
        {
            folder.Write($"{i:000}_t.sql", $"CREATE TABLE IF NOT EXISTS t_{i} (id bigint NOT NULL, name text NOT NULL);\n"
                + $"CREATE INDEX IF NOT EXISTS t_{i}_name_idx ON t_{i} (name);\nCOMMENT ON TABLE t_{i} IS 'table {i}';\n");
        }
        return folder;
    }
}
