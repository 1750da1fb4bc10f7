using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Real migration sets written by other projects (../shared/corpora, named by WAYLI_CORPORA): each migrates from
/// scratch after its <c>.before.sql</c> with no directive added (supabase-storage's files that cannot run in a
/// transaction are detected), and a second run applies nothing. Without WAYLI_CORPORA they are skipped,
/// visibly.
/// </summary>
public sealed class CorpusTests(PostgresServer server)
{
    [Theory]
    [MemberData(nameof(Corpora.All), MemberType = typeof(Corpora))]
    public async Task A_real_world_set_migrates_from_scratch_and_then_has_nothing_pending(string corpus)
    {
        var folder = Corpora.Folder(corpus);
        using var turn = await Corpora.TakeTurnAsync(corpus);
        var db = await server.CreateDatabaseAsync();
        await db.RunScriptAsync(await File.ReadAllTextAsync(folder + ".before.sql", TestContext.Current.CancellationToken));
        var files = Directory.GetFiles(folder, "*.sql").Length;

        var first = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        var rows = await db.HistoryAsync();
        Assert.Equal(files, rows.Count);
        Assert.All(rows, row => Assert.True(row.Success, row.Version));
        var history = await db.HistorySnapshotAsync();

        var second = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder);

        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Contains("nothing pending", second.Output, StringComparison.Ordinal);
        Assert.Equal(history, await db.HistorySnapshotAsync());
    }
}
