using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>Several replicas starting at once: the lock makes every migration apply exactly once.</summary>
public sealed class ConcurrencyTests(PostgresServer server)
{
    [Fact]
    public async Task Two_processes_started_together_apply_each_migration_once_and_both_succeed()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        for (var i = 1; i <= 20; i++)
        {
            // Not idempotent, and slow enough that the two runs overlap: a double apply would fail loudly.
            folder.Write($"{20250101000000 + i}_step_{i}.sql", $"CREATE TABLE step_{i} (id int);\nINSERT INTO step_{i} SELECT 1 FROM pg_sleep(0.01);\n");
        }

        var processes = new[]
        {
            Tool.Start("migrate", "--db-url", db.Url, "--dir", folder.Path),
            Tool.Start("migrate", "--db-url", db.Url, "--dir", folder.Path),
        };
        var results = await Task.WhenAll(processes.Select(Tool.WaitAsync));

        Assert.All(results, result => Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString()));
        var rows = await db.HistoryAsync();
        Assert.Equal(20, rows.Count);
        Assert.All(rows, row => Assert.True(row.Success));
        for (var i = 1; i <= 20; i++)
            Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM step_{i}"));
        Assert.All(results, result => Assert.DoesNotContain("already exists", result.All, StringComparison.Ordinal));
    }
}
