using Wayli.Migrate.Cli;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// A run holds one migration's text at a time (issue 8): the text is read again when the migration is applied, and
/// what is applied must still be what was checked and planned.
/// </summary>
public sealed class StreamingTests(PostgresServer server)
{
    [Fact]
    public async Task A_file_changed_after_it_was_read_is_refused_and_nothing_of_it_is_applied()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        var second = folder.Write("2_second.sql", "CREATE TABLE second_table (id int);\n");
        folder.Write("3_third.sql", "CREATE TABLE third_table (id int);\n");
        var set = await new FolderSource(folder.Path, OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(second, "CREATE TABLE sneaked_in (id int);\n", TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<MigrateException>(() => MigrateAsync(db, set));

        Assert.Equal(FailureKind.Validation, refused.Kind);
        Assert.Contains("2_second.sql changed since this run first read it", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["1"], (await db.HistoryAsync()).Select(h => h.Version));
        Assert.False(await db.ExistsAsync("public.sneaked_in"));
        Assert.False(await db.ExistsAsync("public.second_table"));
    }

    [Fact]
    public async Task Applied_migrations_let_go_of_their_text_and_read_it_again_only_when_asked()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        var path = folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        var set = await new FolderSource(folder.Path, OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: TestContext.Current.CancellationToken);
        var result = await MigrateAsync(db, set);
        File.Delete(path);

        Assert.Single(result.Applied);
        // Nothing of the file is held after the run: asking for its text now reads the file, which is gone.
        var gone = Assert.Throws<MigrateException>(() => set.Migrations[0].ReadContent());
        Assert.Contains("1_first.sql could not be read again", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_lexes_only_what_it_will_apply_and_refuses_a_broken_pending_file_before_writing_anything()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        var first = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        // An applied file that our lexer would flag (here: recorded by hand with its checksum) is not read again.
        var odd = folder.Write("2_recorded_elsewhere.sql", "SELECT 'never closed;\n");
        await db.ExecuteAsync($"INSERT INTO public.database_migrations (version, name, checksum) VALUES ('2', 'recorded_elsewhere', "
            + $"'{MigrationChecksum.Sha256(await File.ReadAllBytesAsync(odd, TestContext.Current.CancellationToken))}')");
        folder.Write("3_broken.sql", "CREATE TABLE third_table (id int);\nSELECT $$unterminated;\n");
        var history = await db.HistorySnapshotAsync();

        var refused = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.True(refused.ExitCode == ExitCodes.Validation, refused.ToString());
        Assert.Contains("3_broken.sql:2:", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("2_recorded_elsewhere.sql", refused.Error, StringComparison.Ordinal);
        Assert.Equal(history, await db.HistorySnapshotAsync());
        Assert.False(await db.ExistsAsync("public.third_table"));

        folder.Write("3_broken.sql", "CREATE TABLE third_table (id int);\n");
        var fixedRun = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(fixedRun.ExitCode == ExitCodes.Ok, fixedRun.ToString());
        Assert.True(await db.ExistsAsync("public.third_table"));
        // validate still reads every file, applied or not.
        Assert.True(validate.ExitCode == ExitCodes.Validation, validate.ToString());
        Assert.Contains("2_recorded_elsewhere.sql:1:", validate.Error, StringComparison.Ordinal);
    }

    /// <summary>Migrates a set read beforehand, as a run does once it has read the files.</summary>
    static Task<MigrateResult> MigrateAsync(TestDatabase db, MigrationSet set) =>
        new MigrateRun(new RunContext(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = db.Url }, MigrationObserver.None))
            .RunAsync(set, null, TestContext.Current.CancellationToken);
}
