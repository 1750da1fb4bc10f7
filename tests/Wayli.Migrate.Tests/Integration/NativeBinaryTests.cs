using System.Diagnostics;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// The NativeAOT binary (WAYLI_MIGRATE_BINARY, published by scripts/test.sh) as replicas would start it: eight at once.
/// </summary>
public sealed class NativeBinaryTests(PostgresServer server)
{
    [Fact]
    public async Task Eight_native_processes_started_at_once_apply_each_migration_once_and_the_others_wait()
    {
        var binary = Environment.GetEnvironmentVariable("WAYLI_MIGRATE_BINARY");
        if (string.IsNullOrEmpty(binary) || !File.Exists(binary))
            Assert.Skip("WAYLI_MIGRATE_BINARY is not set to a native build (scripts/test.sh publishes one): the native binary was not tested");
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        for (var i = 1; i <= 10; i++)
            folder.Write($"{20250101000000 + i}_step_{i}.sql", $"CREATE TABLE step_{i} (id int);\nINSERT INTO step_{i} SELECT 1 FROM pg_sleep(0.05);\n");

        var processes = Enumerable.Range(0, 8).Select(_ => Start(binary, db.Url, folder.Path)).ToList();
        var results = await Task.WhenAll(processes.Select(Tool.WaitAsync));

        Assert.All(results, result => Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString()));
        Assert.Equal(10, (await db.HistoryAsync()).Count(row => row.Success));
        for (var i = 1; i <= 10; i++)
            Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM step_{i}"));
        var appliers = results.Count(r => r.Output.Contains("applying", StringComparison.Ordinal));
        Assert.Equal(1, appliers);
        // The one that applied held the lock for at least half a second: the others found it taken and said so.
        Assert.Contains(results, r => r.Error.Contains("waiting for the migration lock", StringComparison.Ordinal));
        // The holder is named by its session's application_name, which the tool sets.
        Assert.Contains(results, r => r.Error.Contains("application_name wayli-migrate", StringComparison.Ordinal));
        Assert.All(results.Where(r => !r.Output.Contains("applying", StringComparison.Ordinal)),
            r => Assert.Contains("nothing pending", r.Output, StringComparison.Ordinal));
    }

    static Process Start(string binary, string url, string folder)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["migrate", "--db-url", url, "--dir", folder])
            info.ArgumentList.Add(argument);
        return Process.Start(info)!;
    }
}
