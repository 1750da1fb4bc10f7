using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 15: <c>--targets … --shard INDEX/COUNT</c> shares a list of databases between machines (a Kubernetes Indexed
/// Job's pods): each shard migrates a deterministic, disjoint slice, the same whatever the list's order.
/// </summary>
public sealed class ShardTests(PostgresServer server)
{
    [Fact]
    public async Task Four_shards_over_fifty_databases_migrate_each_database_exactly_once()
    {
        var databases = new List<TestDatabase>();
        for (var i = 0; i < 50; i++)
            databases.Add(await server.CreateDatabaseAsync());
        using var folder = LoggingSet();
        var targets = Path.Combine(folder.Path, "targets.txt");
        await File.WriteAllLinesAsync(targets, databases.Select(d => d.Url), TestContext.Current.CancellationToken);
        // Each shard reads the list in an order of its own: the slices must not depend on it.
        var reversed = Path.Combine(folder.Path, "reversed.txt");
        await File.WriteAllLinesAsync(reversed, databases.Select(d => d.Url).Reverse(), TestContext.Current.CancellationToken);

        var shards = await Task.WhenAll(Enumerable.Range(0, 4).Select(index =>
            Tool.RunAsync("migrate", "--dir", folder.Path, "--targets", index % 2 == 0 ? targets : reversed, "--shard", $"{index}/4", "--json")));

        Assert.All(shards, shard => Assert.True(shard.ExitCode == ExitCodes.Ok, shard.ToString()));
        var slices = shards.Select(shard => JsonDocument.Parse(shard.Output).RootElement).ToList();
        Assert.All(slices, (slice, index) =>
        {
            Assert.Equal($"{index}/4", slice.GetProperty("shard").GetString());
            Assert.Equal(50, slice.GetProperty("targets").GetInt32());
        });
        var migratedBy = slices.SelectMany(slice => slice.GetProperty("outcomes").EnumerateArray().Select(o => o.GetProperty("database").GetString()!)).ToList();
        Assert.Equal(50, migratedBy.Count);
        Assert.Equal(50, migratedBy.Distinct().Count());
        // No shard got everything or nothing: the slices are a real split.
        Assert.All(slices, slice => Assert.InRange(slice.GetProperty("outcomes").GetArrayLength(), 1, 49));
        foreach (var db in databases)
        {
            Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM applied_by_shard"));
            Assert.True((await db.HistoryAsync()).Single().Success);
        }
    }

    [Fact]
    public async Task One_shard_alone_leaves_the_other_shards_databases_untouched_and_says_which_it_took()
    {
        // Shards are picked by a hash of each database's identity, and the names are new on every run: twelve databases
        // leave shard 1 empty about once in 130 runs, so more are made until it has one (and another shard too).
        var databases = new List<TestDatabase>();
        while (databases.Count < 12 || !databases.Any(InShard) || databases.All(InShard))
            databases.Add(await server.CreateDatabaseAsync());
        using var folder = LoggingSet();
        var targets = Path.Combine(folder.Path, "targets.txt");
        await File.WriteAllLinesAsync(targets, databases.Select(d => d.Url), TestContext.Current.CancellationToken);
        var before = new Dictionary<string, string>();
        foreach (var db in databases)
            before[db.Name] = await db.FingerprintAsync();
        var mine = databases.Where(InShard).Select(d => d.Name).ToHashSet();

        // The index comes from the pod's JOB_COMPLETION_INDEX when --shard gives only the count.
        var result = await Tool.RunWithEnvironmentAsync(new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1" },
            "migrate", "--dir", folder.Path, "--targets", targets, "--shard", "3");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"shard 1/3: {mine.Count} of the {databases.Count} target database(s); {mine.Count} of {mine.Count} database(s) at the wanted state", result.Output,
            StringComparison.Ordinal);
        foreach (var db in databases)
        {
            if (mine.Contains(db.Name))
                Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM applied_by_shard"));
            else
                Assert.Equal(before[db.Name], await db.FingerprintAsync());
        }
    }

    static bool InShard(TestDatabase db) => new TargetShard(1, 3).Includes(ConnectionSettings.Parse(db.Url));

    [Theory]
    [InlineData("2/4", null, 2, 4)]
    [InlineData("4", 3, 3, 4)]
    [InlineData("0/1", null, 0, 1)]
    public void A_shard_is_written_index_slash_count_or_count_alone_with_the_jobs_index(string text, int? jobIndex, int index, int count) =>
        Assert.Equal(new TargetShard(index, count), TargetShard.Parse(text, jobIndex, "--shard"));

    [Theory]
    [InlineData("4/4", "the index counts from 0, so it must be below 4")]
    [InlineData("1/0", "the count must be a whole number, 1 or more")]
    [InlineData("a/4", "the index must be a whole number")]
    [InlineData("-1/4", "the index must be a whole number")]
    [InlineData("4", "gives no index: write INDEX/COUNT (such as 0/4), or run in a Kubernetes Indexed Job, which sets JOB_COMPLETION_INDEX")]
    public void A_shard_that_is_not_one_is_refused_with_what_to_write(string text, string message)
    {
        var refused = Assert.Throws<MigrateException>(() => TargetShard.Parse(text, null, "--shard"));
        Assert.Equal(FailureKind.Usage, refused.Kind);
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shard_without_targets_is_a_usage_error_and_touches_nothing()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = LoggingSet();

        var result = await Tool.RunAsync("migrate", "--dir", folder.Path, "--db-url", db.Url, "--shard", "0/2");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--shard shares the databases of --targets or --targets-query between machines", result.Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.database_migrations"));
    }

    /// <summary>One migration that logs itself in a table without a unique key: a second application would show.</summary>
    static MigrationFolder LoggingSet()
    {
        var folder = new MigrationFolder();
        folder.Write("1_log.sql", "CREATE TABLE IF NOT EXISTS applied_by_shard (at timestamptz DEFAULT now());\nINSERT INTO applied_by_shard DEFAULT VALUES;\n");
        return folder;
    }
}
