using System.Diagnostics;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Local;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Diffing;

/// <summary>
/// The corpus round trip of <c>diff</c>, on every shared real-world set: apply all of a set to database A; take the
/// folder without its last 20 files (a third for small sets); <c>diff</c> against A writes the migration that, after the
/// shortened folder, gives an empty database B a schema identical to A's, as <c>pg_dump --schema-only</c> prints them.
/// </summary>
public sealed class DiffCorpusTests(PostgresServer server)
{
    [Theory]
    [MemberData(nameof(Corpora.All), MemberType = typeof(Corpora))]
    public async Task Diff_against_the_whole_set_completes_the_shortened_folder_to_the_same_schema(string corpus)
    {
        var original = Corpora.Folder(corpus);
        var before = await File.ReadAllTextAsync(original + ".before.sql", TestContext.Current.CancellationToken);
        using var turn = await Corpora.TakeTurnAsync(corpus);
        var all = Directory.GetFiles(original, "*.sql").Order(StringComparer.Ordinal).ToList();
        var removed = all.Count >= 60 ? 20 : all.Count / 3;
        using var shortened = new MigrationFolder();
        foreach (var file in all.Take(all.Count - removed))
            File.Copy(file, Path.Combine(shortened.Path, Path.GetFileName(file)));
        var a = await server.CreateDatabaseAsync();
        await a.RunScriptAsync(before);
        var migrated = await Tool.RunAsync("migrate", "--db-url", a.Url, "--dir", original);
        Assert.True(migrated.ExitCode == ExitCodes.Ok, migrated.ToString());

        var diff = await Tool.RunAsync(["diff", "--db-url", a.Url, "--dir", shortened.Path, "--prepare", original + ".before.sql",
            "--scratch-url", server.Cluster.Url(), "--allow-destructive", "--name", "round trip", .. Corpora.SchemasArguments(corpus)]);

        Assert.True(diff.ExitCode == ExitCodes.Ok, diff.ToString());
        Assert.True(Directory.GetFiles(shortened.Path).Length > all.Count - removed, "diff wrote no file");
        var b = await server.CreateDatabaseAsync();
        await b.RunScriptAsync(before);
        var completed = await Tool.RunAsync("migrate", "--db-url", b.Url, "--dir", shortened.Path);
        Assert.True(completed.ExitCode == ExitCodes.Ok, completed.ToString());
        Assert.Equal(await SchemaOnlyDumpAsync(a), await SchemaOnlyDumpAsync(b));
    }

    /// <summary><c>pg_dump --schema-only</c>, without its per-run <c>\restrict</c> keys.</summary>
    static async Task<string> SchemaOnlyDumpAsync(TestDatabase db)
    {
        var bin = await PostgresBinaries.FindAsync(TestContext.Current.CancellationToken);
        var start = new ProcessStartInfo(Path.Combine(bin, "pg_dump"), ["--schema-only", "--no-comments", "--dbname", db.Url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await error);
        var lines = (await output).Split('\n').Where(line => !line.StartsWith("\\restrict", StringComparison.Ordinal) && !line.StartsWith("\\unrestrict", StringComparison.Ordinal));
        return string.Join('\n', SortGrants(lines));
    }

    /// <summary>
    /// pg_dump writes an object's GRANTs in the order of its ACL's entries, which follows the order of the GRANTs that
    /// made them and says nothing about access: each run of GRANT and REVOKE lines is compared sorted.
    /// </summary>
    static IEnumerable<string> SortGrants(IEnumerable<string> lines)
    {
        var run = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("GRANT ", StringComparison.Ordinal) || line.StartsWith("REVOKE ", StringComparison.Ordinal))
            {
                run.Add(line);
                continue;
            }
            foreach (var grant in run.Order(StringComparer.Ordinal))
                yield return grant;
            run.Clear();
            yield return line;
        }
        foreach (var grant in run.Order(StringComparer.Ordinal))
            yield return grant;
    }
}
