using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Squash;

/// <summary>
/// <c>squash</c>: proved before anything on disk changes (schema and rows), written only with --yes, originals moved
/// aside; a database that applied the originals applies nothing twice and records the squash once; a fresh one applies
/// the squashed file; one that applied only some originals is refused; a squash that would change the result is refused.
/// </summary>
public sealed class SquashCommandTests(PostgresServer server)
{
    static readonly (string File, string Sql)[] Originals =
    [
        ("20250101000000_trips.sql", "CREATE TABLE IF NOT EXISTS public.trips (id int PRIMARY KEY, title text, created timestamptz DEFAULT clock_timestamp());\n"),
        ("20250102000000_seed.sql", "-- migrate:out-of-order-ok\nINSERT INTO public.trips VALUES (1, 'first'), (2, 'second') ON CONFLICT DO NOTHING;\n\n-- migrate:down\nDELETE FROM public.trips;\n"),
        ("20250103000000_note.sql", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS note text DEFAULT 'n/a';\nCREATE INDEX IF NOT EXISTS trips_title_idx ON public.trips (title)"),
        ("20250104000000_later.sql", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS later int;\n"),
    ];

    static MigrationFolder Folder(int count = 4)
    {
        var folder = new MigrationFolder();
        foreach (var (file, sql) in Originals.Take(count))
            folder.Write(file, sql);
        return folder;
    }

    string[] Squash(MigrationFolder folder, params string[] more) =>
        ["squash", "--to", "20250103000000", "--dir", folder.Path, "--scratch-url", server.Cluster.Url(), .. more];

    [Fact]
    public async Task Without_yes_it_proves_and_changes_nothing_and_with_yes_it_writes_the_file_and_moves_the_originals_aside()
    {
        using var folder = Folder();
        var aside = folder.Path + "-squashed-20250103000000";
        try
        {
            var dry = await Tool.RunAsync(Squash(folder));
            Assert.True(dry.ExitCode == ExitCodes.Ok, dry.ToString());
            Assert.Contains("Proved: 20250103000000_squashed.sql gives what its 3 migrations give", dry.Output, StringComparison.Ordinal);
            Assert.Equal(Originals.Select(o => o.File).Order(), Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());

            var done = await Tool.RunAsync(Squash(folder, "--yes"));

            Assert.True(done.ExitCode == ExitCodes.Ok, done.ToString());
            Assert.Equal(["20250103000000_squashed.sql", "20250104000000_later.sql"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
            Assert.Equal(Originals.Take(3).Select(o => o.File), Directory.GetFiles(aside).Select(Path.GetFileName).Order());
            var text = await File.ReadAllTextAsync(Path.Combine(folder.Path, "20250103000000_squashed.sql"), TestContext.Current.CancellationToken);
            Assert.StartsWith("-- migrate:squashes 20250101000000 20250102000000 20250103000000\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("DELETE FROM", text, StringComparison.Ordinal);
            Assert.DoesNotContain("out-of-order-ok", text, StringComparison.Ordinal);
            Assert.Contains("no down part", done.Error, StringComparison.Ordinal);
            // Every run of the originals gives trips other times: its rows are compared by count, and the report says so.
            Assert.Contains("compared by count: public.trips", done.Error, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(aside))
                Directory.Delete(aside, recursive: true);
        }
    }

    [Fact]
    public async Task A_database_that_applied_the_originals_applies_nothing_twice_and_a_fresh_one_gets_the_same_schema_and_rows()
    {
        using var folder = Folder(count: 3);
        var old = await server.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", old.Url, "--dir", folder.Path)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync(Squash(folder, "--yes", "--delete"))).ExitCode);
        folder.Write(Originals[3].File, Originals[3].Sql);

        var again = await Tool.RunAsync("migrate", "--db-url", old.Url, "--dir", folder.Path);

        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("20250104000000_later.sql", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("20250103000000_squashed.sql ...", again.Output, StringComparison.Ordinal);
        var history = await old.HistoryAsync();
        Assert.Equal(["20250101000000", "20250102000000", "20250103000000", "20250104000000"], history.Select(h => h.Version));
        Assert.Equal(2L, await old.ScalarAsync<long>("SELECT count(*) FROM public.trips"));
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("validate", "--db-url", old.Url, "--dir", folder.Path)).ExitCode);
        var quiet = await Tool.RunAsync("migrate", "--db-url", old.Url, "--dir", folder.Path);
        Assert.Equal(history.Select(h => h.Checksum), (await old.HistoryAsync()).Select(h => h.Checksum));
        Assert.Contains("up to date", quiet.All, StringComparison.Ordinal);

        var fresh = await server.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", fresh.Url, "--dir", folder.Path)).ExitCode);
        await SquashedSchema.AssertSameAsync(old, fresh);
        const string Rows = "SELECT string_agg(concat_ws('|', id, title, note), ',' ORDER BY id) FROM public.trips";
        Assert.Equal(await old.ScalarAsync<string>(Rows), await fresh.ScalarAsync<string>(Rows));
    }

    [Fact]
    public async Task A_database_that_applied_only_some_originals_is_refused_and_left_as_it_was()
    {
        using var folder = Folder(count: 3);
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--target", "20250101000000")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync(Squash(folder, "--yes", "--delete"))).ExitCode);
        var history = await db.HistorySnapshotAsync();

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("applied only 1 of them", result.All, StringComparison.Ordinal);
        Assert.Equal(history, await db.HistorySnapshotAsync());
    }

    [Fact]
    public async Task A_squash_that_would_change_the_result_is_refused_and_nothing_on_disk_changes()
    {
        using var folder = new MigrationFolder();
        // migrate resets the session between files: the second file's table lands in public. Run together, in app.
        folder.Write("20250101000000_schema.sql", "CREATE SCHEMA IF NOT EXISTS app;\nSET search_path = app;\n");
        folder.Write("20250102000000_table.sql", "CREATE TABLE IF NOT EXISTS trips (id int);\n");

        var result = await Tool.RunAsync("squash", "--to", "20250102000000", "--dir", folder.Path, "--scratch-url", server.Cluster.Url(), "--yes");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("does not give what its originals give", result.Error, StringComparison.Ordinal);
        Assert.Contains("app.trips", result.Error, StringComparison.Ordinal);
        Assert.Equal(["20250101000000_schema.sql", "20250102000000_table.sql"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_file_outside_a_transaction_cannot_be_squashed()
    {
        using var folder = Folder(count: 2);
        folder.Write("20250103000000_index.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS trips_title_idx ON public.trips (title);\n");

        var result = await Tool.RunAsync(Squash(folder, "--yes"));

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("20250103000000_index.sql runs outside a transaction", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFiles(folder.Path).Length);
    }
}
