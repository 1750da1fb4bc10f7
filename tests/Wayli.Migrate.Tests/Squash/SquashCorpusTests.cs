using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Squash;

/// <summary>
/// <c>squash</c> on every shared real-world set at its middle version: the proof (schema and rows) passes, a database
/// migrated with the original files then given the squashed folder applies nothing twice, and a fresh database migrated
/// with the squashed folder has the same schema as the one migrated with the originals.
/// </summary>
public sealed class SquashCorpusTests(PostgresServer server)
{
    [Theory]
    [MemberData(nameof(Corpora.All), MemberType = typeof(Corpora))]
    public async Task A_set_squashed_at_its_middle_gives_the_same_database_and_applies_nothing_twice(string corpus)
    {
        var original = Corpora.Folder(corpus);
        var before = await File.ReadAllTextAsync(original + ".before.sql", TestContext.Current.CancellationToken);
        using var turn = await Corpora.TakeTurnAsync(corpus);
        using var folder = new MigrationFolder().CopyFrom(original);
        var versions = Directory.GetFiles(folder.Path, "*.sql").Select(f => Path.GetFileName(f).Split('_')[0]).Where(v => v.All(char.IsAsciiDigit))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        // The middle, or the version before the first file that must run outside a transaction, which cannot be squashed.
        var set = await new Wayli.Migrate.Sources.FolderSource(folder.Path, OptionNames.Library).LoadAsync(lexNow: true, TestContext.Current.CancellationToken);
        var outside = set.Migrations.FirstOrDefault(m => m.Transaction.Mode != Wayli.Migrate.Sql.TransactionMode.Transactional)?.Name.VersionText;
        var middle = versions[outside is null ? versions.Count / 2 : Math.Min(versions.Count / 2, versions.IndexOf(outside) - 1)];
        var old = await server.CreateDatabaseAsync();
        await old.RunScriptAsync(before);
        var migrated = await Tool.RunAsync("migrate", "--db-url", old.Url, "--dir", folder.Path);
        Assert.True(migrated.ExitCode == ExitCodes.Ok, migrated.ToString());
        var history = await old.HistoryAsync();

        var squash = await Tool.RunAsync("squash", "--to", middle, "--dir", folder.Path, "--prepare", original + ".before.sql", "--scratch-url", server.Cluster.Url(),
            "--yes", "--delete");

        Assert.True(squash.ExitCode == ExitCodes.Ok, squash.ToString());
        var again = await Tool.RunAsync("migrate", "--db-url", old.Url, "--dir", folder.Path);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Equal(history.Select(h => (h.Version, h.Success)), (await old.HistoryAsync()).Select(h => (h.Version, h.Success)));
        var validate = await Tool.RunAsync("validate", "--db-url", old.Url, "--dir", folder.Path);
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
        var fresh = await server.CreateDatabaseAsync();
        await fresh.RunScriptAsync(before);
        var squashed = await Tool.RunAsync("migrate", "--db-url", fresh.Url, "--dir", folder.Path);
        Assert.True(squashed.ExitCode == ExitCodes.Ok, squashed.ToString());
        await SquashedSchema.AssertSameAsync(old, fresh);
    }
}
