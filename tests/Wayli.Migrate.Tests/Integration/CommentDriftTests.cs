using Wayli.Migrate.Cli;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Comments are not drift: an applied file whose only change is in comments or the layout between tokens still
/// matches its row (so a <c>-- lint:ignore</c> can be added to any file); a change to a statement, a string, a
/// function body or a directive is drift; rows written before statement checksums keep matching unchanged files.
/// </summary>
public sealed class CommentDriftTests(PostgresServer server)
{
    const string File1 = "20250101000000_trips.sql";

    const string Applied = """
        CREATE TABLE trips (id bigint PRIMARY KEY, title text NOT NULL DEFAULT 'untitled');
        CREATE FUNCTION trip_count() RETURNS bigint LANGUAGE sql AS $$
            SELECT count(*) FROM trips -- every trip
        $$;

        """;

    async Task<(TestDatabase Db, MigrationFolder Folder, string Path)> AppliedAsync()
    {
        var db = await server.CreateDatabaseAsync();
        var folder = new MigrationFolder();
        var path = folder.Write(File1, Applied);
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        return (db, folder, path);
    }

    [Fact]
    public async Task A_comment_added_to_an_applied_file_is_not_drift_and_changes_nothing()
    {
        var (db, folder, path) = await AppliedAsync();
        using var _ = folder;
        File.WriteAllText(path, """
            -- lint:ignore WM101 the table is created once, by this file
            CREATE TABLE trips (id bigint PRIMARY KEY,   -- the key
                                title text NOT NULL DEFAULT 'untitled');
            /* the function the report uses */
            CREATE FUNCTION trip_count() RETURNS bigint LANGUAGE sql AS $$
                SELECT count(*) FROM trips -- every trip
            $$;
            """);
        folder.Write("20250102000000_next.sql", "CREATE TABLE IF NOT EXISTS next_step (id int);\n");
        var history = await db.HistorySnapshotAsync();

        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);
        var status = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path, "--json");
        var repair = await Tool.RunAsync("repair", "--db-url", db.Url, "--dir", folder.Path);
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
        Assert.Contains("\"state\": \"applied\"", status.Output, StringComparison.Ordinal);
        Assert.Contains("\"drifted\": 0", status.Output, StringComparison.Ordinal);
        Assert.Contains("nothing to repair", repair.Output, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.True(await db.ExistsAsync("public.next_step"), "the next migration applies as if nothing had changed");
        Assert.StartsWith(history, await db.HistorySnapshotAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a statement", "CREATE TABLE trips (id bigint PRIMARY KEY, title text NOT NULL DEFAULT 'untitled', notes text);")]
    [InlineData("a string constant", "CREATE TABLE trips (id bigint PRIMARY KEY, title text NOT NULL DEFAULT 'Untitled');")]
    [InlineData("a comment in a function body", "-- every trip ever")]
    [InlineData("a directive", "-- migrate:no-transaction\n")]
    public async Task A_change_postgresql_reads_is_still_drift(string what, string change)
    {
        var (db, folder, path) = await AppliedAsync();
        using var _ = folder;
        var edited = what switch
        {
            "a comment in a function body" => Applied.Replace("-- every trip", change, StringComparison.Ordinal),
            "a directive" => change + Applied,
            _ => Applied.Replace(Applied.Split('\n')[0], change, StringComparison.Ordinal),
        };
        Assert.NotEqual(Applied, edited);
        File.WriteAllText(path, edited);
        var history = await db.HistorySnapshotAsync();

        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(validate.ExitCode == ExitCodes.Validation, $"{what}: {validate}");
        Assert.Contains("its statements changed, not only comments or layout", validate.Error, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == ExitCodes.Validation, $"{what}: {migrate}");
        Assert.Equal(history, await db.HistorySnapshotAsync());
    }

    [Fact]
    public async Task Every_row_records_both_checksums_whichever_command_writes_it()
    {
        var (db, folder, path) = await AppliedAsync();
        using var _ = folder;
        folder.Write("20250102000000_baselined.sql", "CREATE TABLE IF NOT EXISTS baselined (id int);\n");
        var realigned = folder.Write("20250103000000_realigned.sql", "CREATE TABLE IF NOT EXISTS realigned (id int);\n");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("baseline", "--db-url", db.Url, "--dir", folder.Path, "--version", "20250102000000")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        File.WriteAllText(realigned, "CREATE TABLE IF NOT EXISTS realigned (id bigint);\n");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("repair", "--db-url", db.Url, "--dir", folder.Path, "--yes")).ExitCode);

        var rows = await db.ScalarAsync<string>(
            "SELECT string_agg(version || ' ' || checksum || ' ' || statement_checksum, E'\\n' ORDER BY version) FROM database_migrations");

        var expected = string.Join('\n', new[] { path, Path.Combine(folder.Path, "20250102000000_baselined.sql"), realigned }.Select(file =>
        {
            var text = File.ReadAllText(file);
            return $"{Path.GetFileName(file)[..14]} {MigrationChecksum.Sha256(File.ReadAllBytes(file))} {MigrationChecksum.OfStatements(text)}";
        }));
        Assert.Equal(expected, rows);
    }

    [Fact]
    public async Task A_row_without_a_statement_checksum_matches_its_unchanged_file_and_repair_gives_it_one()
    {
        var (db, folder, path) = await AppliedAsync();
        using var _ = folder;
        // As an earlier version wrote it: the file checksum alone.
        await db.ExecuteAsync("UPDATE database_migrations SET statement_checksum = NULL");

        var unchanged = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);
        File.WriteAllText(path, "-- reviewed\n" + Applied);
        var commented = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);
        var repair = await Tool.RunAsync("repair", "--db-url", db.Url, "--dir", folder.Path, "--yes");
        File.WriteAllText(path, "-- reviewed twice\n" + Applied);
        var afterRepair = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(unchanged.ExitCode == ExitCodes.Ok, unchanged.ToString());
        Assert.True(commented.ExitCode == ExitCodes.Validation, commented.ToString());
        Assert.Contains("recorded without a statement checksum", commented.Error, StringComparison.Ordinal);
        Assert.True(repair.ExitCode == ExitCodes.Ok, repair.ToString());
        Assert.True(afterRepair.ExitCode == ExitCodes.Ok, afterRepair.ToString());
    }

    [Fact]
    public async Task A_history_table_of_an_earlier_version_is_upgraded_in_place_and_its_rows_keep_matching()
    {
        var (db, folder, path) = await AppliedAsync();
        using var _ = folder;
        await db.ExecuteAsync("ALTER TABLE database_migrations DROP COLUMN statement_checksum");
        folder.Write("20250102000000_next.sql", "CREATE TABLE IF NOT EXISTS next_step (id int);\n");

        var status = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path);
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        File.WriteAllText(path, Applied + "-- the next one adds notes\n");
        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.Contains("applied", status.Output, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM database_migrations"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(statement_checksum) FROM database_migrations"));
        // The first row predates statement checksums: a comment in its file counts, and says why.
        Assert.True(validate.ExitCode == ExitCodes.Validation, validate.ToString());
        Assert.Contains("recorded without a statement checksum", validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_still_verifies_and_records_the_checksums_its_folder_records()
    {
        var (db, folder, path) = await AppliedAsync();
        using var _ = folder;
        var other = await server.CreateDatabaseAsync();
        var dist = Path.Combine(folder.Path, "dist");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("build", "--dir", folder.Path, "--out", dist)).ExitCode);
        var bundle = Path.Combine(dist, "migrations.bundle.json");

        var run = await Tool.RunAsync("run", "--db-url", other.Url, "--bundle", bundle);
        File.WriteAllText(bundle, File.ReadAllText(bundle).Replace("-- every trip", "-- every trip ever", StringComparison.Ordinal));
        var altered = await Tool.RunAsync("run", "--db-url", other.Url, "--bundle", bundle);

        const string Checksums = "SELECT checksum || ' ' || statement_checksum FROM database_migrations";
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(await db.ScalarAsync<string>(Checksums), await other.ScalarAsync<string>(Checksums));
        // A bundle's text is verified byte for byte: even a comment in it is an alteration.
        Assert.True(altered.ExitCode == ExitCodes.Validation, altered.ToString());
        Assert.Contains("its content was altered", altered.Error, StringComparison.Ordinal);
        Assert.Equal(Applied, File.ReadAllText(path));
    }

    [Fact]
    public async Task Line_ending_and_bom_changes_with_a_comment_are_not_drift()
    {
        var (db, folder, path) = await AppliedAsync();
        using var _ = folder;
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(("-- windows\n" + Applied).Replace("\n", "\r\n", StringComparison.Ordinal))]);

        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
    }
}
