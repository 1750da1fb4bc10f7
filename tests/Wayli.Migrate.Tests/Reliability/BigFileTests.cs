using System.Diagnostics;
using System.Globalization;
using System.Text;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 7, part 5: a migration file of 200 MB (WAYLI_RELIABILITY_BIG_MB) of INSERT statements. Whatever the tool
/// does with it must be clear; today it applies it. The run's time and peak memory are reported, and the memory bounded.
/// </summary>
[Collection(nameof(ReliabilityProcesses))]
public sealed class BigFileTests(PostgresServer server)
{
    [Fact]
    public async Task A_huge_migration_file_is_applied_whole_and_the_time_and_memory_are_reported()
    {
        var megabytes = ReliabilityReport.BigFileMegabytes;
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        var path = Path.Combine(folder.Path, "20250101000000_seed.sql");
        var statements = Write(path, megabytes * 1024L * 1024L);
        var size = new FileInfo(path).Length;

        using var process = FaultProcess.Start("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var result = await process.WaitAsync(TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(process.Started);
        var rows = result?.ExitCode == ExitCodes.Ok ? await db.ScalarAsync<long>("SELECT count(*) FROM seed") : 0;

        ReliabilityReport.Record($"big file: {megabytes} MB migration", 1, result?.ExitCode == ExitCodes.Ok ? 1 : 0, string.Create(CultureInfo.InvariantCulture,
            $"{size / 1024 / 1024} MB, {statements} statements; {FaultProcess.Kind} migrate exit {result?.ExitCode.ToString(CultureInfo.InvariantCulture) ?? "none (killed after 10 min)"} "
            + $"in {ReliabilityReport.Seconds(elapsed)}, peak RSS {process.PeakMemoryBytes / 1024 / 1024} MB ({(double)process.PeakMemoryBytes / size:0.0}x the file); rows {rows}"));
        Assert.NotNull(result);
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        // Applied whole: every row of it, one history row.
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal((statements - 1) * 1000L, rows);
        Assert.True(Assert.Single(await db.HistoryAsync()).Success);
        // Held whole while it is applied (its text and its statements), but once: what planning read of it is let go
        // before it is read again (8.1x the file when it was not, about 5.1x now), with room for the runtime itself.
        // The shipped (native) build only: the Debug build under dotnet keeps locals alive to the end of their
        // methods and has the runtime's default GC budget, so its peak says little about what users run.
        if (FaultProcess.Kind == "native")
        {
            Assert.True(process.PeakMemoryBytes < 6 * size + RuntimeAllowance,
                $"peak RSS {process.PeakMemoryBytes / 1024 / 1024} MB for a {size / 1024 / 1024} MB file");
        }
    }

    // The process's own memory (runtime, code, buffers), about 30 MB for the native build.
    const long RuntimeAllowance = 150L * 1024 * 1024;

    /// <summary>A CREATE TABLE, then INSERTs of 1000 rows each up to the size; returns the number of statements.</summary>
    static int Write(string path, long size)
    {
        var row = "(1, '" + new string('x', 90) + "')";
        var insert = Encoding.UTF8.GetBytes("INSERT INTO seed VALUES " + string.Join(',', Enumerable.Repeat(row, 1000)) + ";\n");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write("CREATE TABLE seed (id int, payload text);\n"u8);
        var statements = 1;
        while (stream.Length < size)
        {
            stream.Write(insert);
            statements++;
        }
        return statements;
    }
}
