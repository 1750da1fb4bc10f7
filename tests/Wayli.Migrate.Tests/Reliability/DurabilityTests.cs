using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Every migration but a run's last commits without waiting for its WAL flush (issue 8). These tests crash the
/// server the moment the run ends and check that what the run reported survived: the last commit, synchronous,
/// flushed the others. The test cluster runs with <c>synchronous_commit = off</c>; the database here is set back to
/// <c>on</c>, as a production server is.
/// </summary>
public sealed class DurabilityTests
{
    const int Count = 40;

    [Fact]
    public async Task A_crash_right_after_a_successful_run_loses_none_of_its_migrations()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var cluster = await FaultCluster.StartAsync(cancellationToken);
        var db = await DurableDatabaseAsync(cluster);
        using var folder = Numbered(Count);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        await cluster.CrashAndRecoverAsync(cancellationToken);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var history = await db.HistoryAsync();
        Assert.Equal(Count, history.Count(h => h.Success));
        Assert.Equal((long)Count, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'durable_%'"));
    }

    [Fact]
    public async Task A_crash_right_after_a_run_that_stopped_on_a_failure_keeps_what_it_applied_and_the_failure()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var cluster = await FaultCluster.StartAsync(cancellationToken);
        var db = await DurableDatabaseAsync(cluster);
        using var folder = Numbered(Count);
        folder.Write($"{Count + 1}_broken.sql", "CREATE TABLE durable_broken (id int);\nSELECT 1/0;\n");
        folder.Write($"{Count + 2}_after.sql", "CREATE TABLE durable_after (id int);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        await cluster.CrashAndRecoverAsync(cancellationToken);

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        var history = await db.HistoryAsync();
        Assert.Equal(Count, history.Count(h => h.Success));
        Assert.Contains(history, h => h.Version == (Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) && !h.Success);
        Assert.Equal((long)Count, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'durable_%'"));
    }

    static async Task<TestDatabase> DurableDatabaseAsync(FaultCluster cluster)
    {
        var db = await cluster.Server.CreateDatabaseAsync();
        // A database setting outranks the server's command line, so the migrator's sessions commit synchronously.
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" SET synchronous_commit = on");
        return db;
    }

    static MigrationFolder Numbered(int count)
    {
        var folder = new MigrationFolder();
        for (var i = 1; i <= count; i++)
            folder.Write($"{i}_table_{i}.sql", $"CREATE TABLE durable_{i} (id int PRIMARY KEY, name text);\nCOMMENT ON TABLE durable_{i} IS 'table {i}';\n");
        return folder;
    }
}
