using System.Globalization;
using System.Text.Json.Nodes;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Conversion;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Tests.Support;
using Wayli.Migrate.Tests.Verification;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 18: <c>adopt --from goose|golang-migrate|dbmate|flyway --source-dir OLD</c> converts a project written to
/// each tool's documented format (every directive of it) and adopts a database that tool migrated (its own table, in
/// its own layout): nothing is written without --yes; afterwards migrate applies nothing on the old database, and on
/// an empty database gives the same schema as the original up parts applied in order with psql.
/// </summary>
public sealed class AdoptConversionTests(PostgresServer server)
{
    /// <summary>One migration of a test project: what its up part and down part do, and whether the tool runs it outside a transaction.</summary>
    sealed record Step(string Version, string Name, string Up, string? Down = null, bool NoTransaction = false);

    const string CommittingProcedure = """
        CREATE TABLE batches (id int);
        CREATE PROCEDURE fill_batches() LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO batches VALUES (1);
            COMMIT;
            INSERT INTO batches VALUES (2);
        END;
        $$;
        CALL fill_batches();
        """;

    const string CountFunction = """
        CREATE FUNCTION user_count() RETURNS bigint LANGUAGE plpgsql AS $$
        BEGIN
            RETURN (SELECT count(*) FROM users);
        END;
        $$;
        """;

    static readonly Step[] GooseSteps =
    [
        new("00001", "create_users", "CREATE TABLE users (id int PRIMARY KEY, name text);\n", "DROP TABLE users;\n"),
        new("00002", "count_function", CountFunction, "DROP FUNCTION user_count();\n"),
        new("00003", "committing_procedure", CommittingProcedure, "DROP PROCEDURE fill_batches();\nDROP TABLE batches;\n", NoTransaction: true),
        new("00004", "name_index", "CREATE INDEX CONCURRENTLY users_name ON users (name);\n", "DROP INDEX CONCURRENTLY users_name;\n", NoTransaction: true),
        new("20240101120000", "seed", "INSERT INTO users VALUES (1, 'first');\n"),
    ];

    [Fact]
    public async Task A_goose_project_with_every_annotation_is_converted_and_its_database_adopted()
    {
        using var old = new MigrationFolder();
        foreach (var step in GooseSteps)
        {
            var noTransaction = step.NoTransaction ? "-- +goose NO TRANSACTION\n" : "";
            // Annotations are case-insensitive: one file writes them in lower case.
            var (up, down) = step.Version == "00002" ? ("-- +goose up", "-- +goose down") : ("-- +goose Up", "-- +goose Down");
            var body = step.Up.Contains("$$", StringComparison.Ordinal) ? Wrapped(step.Up) : step.Up;
            old.Write($"{step.Version}_{step.Name}.sql", $"{noTransaction}{up}\n{body}\n" + (step.Down is null ? "" : $"{down}\n{step.Down}"));
        }
        old.Write("README.md", "goose project\n");
        using var outcome = await ConvertAndAdoptAsync("goose", old, GooseSteps, async db =>
        {
            await db.ExecuteAsync("CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now())");
            // Version 4 was applied, rolled back (down) and applied again: its newest row counts.
            await db.ExecuteAsync("INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true), (3, true), (4, true), (4, false), (4, true), (20240101120000, true)");
        });

        Assert.Equal(["20000101000001_00001_create_users.sql", "20000101000002_00002_count_function.sql", "20000101000003_00003_committing_procedure.sql",
            "20000101000004_00004_name_index.sql", "20240101120000_seed.sql"], outcome.Files);
        var procedure = outcome.Text("20000101000003_00003_committing_procedure.sql");
        Assert.StartsWith("-- migrate:no-transaction\n", procedure, StringComparison.Ordinal);
        Assert.Contains("-- migrate:down\n-- migrate:no-transaction\nDROP PROCEDURE", procedure, StringComparison.Ordinal);
        Assert.DoesNotContain("+goose", procedure, StringComparison.Ordinal);
        Assert.DoesNotContain("StatementBegin", outcome.Text("20000101000002_00002_count_function.sql"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("migrate:down", outcome.Text("20240101120000_seed.sql"), StringComparison.Ordinal);
        Assert.Contains("README.md is not a goose migration", outcome.DryRun, StringComparison.Ordinal);
        // The goose Down sections are down parts that work: everything reverts to an empty schema.
        Assert.True(outcome.DownToZero.ExitCode == ExitCodes.Validation, outcome.DownToZero.ToString());
        Assert.Contains("20240101120000_seed.sql has no -- migrate:down part", outcome.DownToZero.Error, StringComparison.Ordinal);
        var downToSeed = await Tool.RunAsync("down", "--db-url", outcome.Fresh.Url, "--dir", outcome.Directory, "--to", "20240101120000", "--yes");
        Assert.True(downToSeed.ExitCode == ExitCodes.Ok, downToSeed.ToString());
    }

    [Fact]
    public async Task A_golang_migrate_project_of_up_and_down_files_is_converted_and_its_database_adopted()
    {
        Step[] steps =
        [
            new("1", "init", "CREATE TABLE users (id int PRIMARY KEY, name text);\n", "DROP TABLE users;\n"),
            new("2", "count_function", CountFunction, "DROP FUNCTION user_count();\n"),
            new("3", "explicit_transaction", "BEGIN;\nCREATE TABLE audit (id int);\nINSERT INTO audit VALUES (1);\nCOMMIT;\n"),
            new("4", "name_index", "CREATE INDEX CONCURRENTLY users_name ON users (name);\n", "DROP INDEX CONCURRENTLY IF EXISTS users_name;\n"),
        ];
        using var old = new MigrationFolder();
        foreach (var step in steps)
        {
            old.Write($"{step.Version}_{step.Name}.up.sql", step.Up);
            if (step.Down is not null)
                old.Write($"{step.Version}_{step.Name}.down.sql", step.Down);
        }
        using var outcome = await ConvertAndAdoptAsync("golang-migrate", old, steps, db =>
            db.ExecuteAsync("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (4, false)"));

        Assert.Equal(["20000101000001_1_init.sql", "20000101000002_2_count_function.sql", "20000101000003_3_explicit_transaction.sql", "20000101000004_4_name_index.sql"],
            outcome.Files);
        Assert.Equal("CREATE TABLE users (id int PRIMARY KEY, name text);\n-- migrate:down\nDROP TABLE users;\n", outcome.Text("20000101000001_1_init.sql"));
        Assert.Contains("applied by golang-migrate, up to its newest version 4", outcome.DryRun, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_golang_migrate_database_marked_dirty_is_refused_with_the_version_and_nothing_is_written()
    {
        var db = await server.CreateDatabaseAsync();
        using var old = new MigrationFolder();
        old.Write("1_init.up.sql", "CREATE TABLE users (id int);\n");
        old.Write("2_more.up.sql", "CREATE TABLE more (id int);\n");
        using var target = new MigrationFolder();
        var dir = Path.Combine(target.Path, "migrations");
        await db.ExecuteAsync("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, true)");
        var before = await ReliabilityChecks.DeepFingerprintAsync(db);

        var result = await Tool.RunAsync("adopt", "--from", "golang-migrate", "--source-dir", old.Path, "--dir", dir, "--db-url", db.Url, "--yes");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("golang-migrate marked version 2 dirty in schema_migrations", result.Error, StringComparison.Ordinal);
        Assert.Contains("Check what the up file of 2 did", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
        Assert.Equal(before, await ReliabilityChecks.DeepFingerprintAsync(db));
    }

    [Fact]
    public async Task A_dbmate_project_with_transaction_false_is_converted_and_its_database_adopted()
    {
        Step[] steps =
        [
            new("20230101120000", "users", "CREATE TABLE users (id int PRIMARY KEY, name text);\n", "DROP TABLE users;\n"),
            new("20230102120000", "name_index", "CREATE INDEX CONCURRENTLY users_name ON users (name);\n", "DROP INDEX CONCURRENTLY users_name;\n", NoTransaction: true),
            new("20230103120000", "seed", "INSERT INTO users VALUES (1, 'first');\n", ""),
        ];
        using var old = new MigrationFolder();
        foreach (var step in steps)
        {
            var options = step.NoTransaction ? " transaction:false" : "";
            old.Write($"{step.Version}_{step.Name}.sql", $"-- migrate:up{options}\n{step.Up}\n-- migrate:down{options}\n{step.Down}");
        }
        using var outcome = await ConvertAndAdoptAsync("dbmate", old, steps, db =>
            db.ExecuteAsync("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20230101120000'), ('20230102120000'), ('20230103120000')"));

        Assert.Equal(["20230101120000_users.sql", "20230102120000_name_index.sql", "20230103120000_seed.sql"], outcome.Files);
        Assert.Equal("-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY users_name ON users (name);\n\n-- migrate:down\n-- migrate:no-transaction\nDROP INDEX CONCURRENTLY users_name;\n",
            outcome.Text("20230102120000_name_index.sql"));
        // dbmate's empty down block is no down part.
        Assert.DoesNotContain("migrate:down", outcome.Text("20230103120000_seed.sql"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flyway_project_with_undo_repeatable_callback_and_conf_files_is_converted_and_its_database_adopted()
    {
        Step[] steps =
        [
            new("1", "Create_users", "CREATE TABLE users (id int PRIMARY KEY, name text);\n"),
            new("1.1", "Add_email", "ALTER TABLE users ADD COLUMN email text;\n", "ALTER TABLE users DROP COLUMN email;\n"),
            new("2", "Name_index", "CREATE INDEX CONCURRENTLY users_name ON users (name);\n", NoTransaction: true),
        ];
        const string Counts = "CREATE OR REPLACE FUNCTION user_total() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM users $$;\n";
        const string View = "CREATE OR REPLACE VIEW user_names AS SELECT name, email FROM users;\n";
        using var old = new MigrationFolder();
        old.Write("V1__Create_users.sql", steps[0].Up);
        old.Write("V1_1__Add_email.sql", steps[1].Up);
        old.Write("U1_1__Add_email.sql", steps[1].Down!);
        old.Write("V2__Name_index.sql", steps[2].Up);
        old.Write("V2__Name_index.sql.conf", "executeInTransaction=false\n");
        old.Write("R__counts.sql", Counts);
        old.Write("R__user_names.sql", View.Replace("\n", "\r\n", StringComparison.Ordinal));
        old.Write("afterMigrate.sql", "NOTIFY pgrst, 'reload schema';\n");
        old.Write("beforeEachMigrate.sql", "SELECT 1;\n");
        using var outcome = await ConvertAndAdoptAsync("flyway", old, [.. steps, new("", "counts", Counts), new("", "user_names", View)], async db =>
        {
            await db.ExecuteAsync("""
                CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
                    script varchar(1000) NOT NULL, checksum int, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
                    execution_time int NOT NULL, success boolean NOT NULL)
                """);
            var counts = FlywayChecksum.Of(Counts).ToString(CultureInfo.InvariantCulture);
            var view = FlywayChecksum.Of(View).ToString(CultureInfo.InvariantCulture);
            await db.ExecuteAsync($"""
                INSERT INTO flyway_schema_history VALUES
                  (1, '1', 'Create users', 'SQL', 'V1__Create_users.sql', 1, 'app', now(), 5, true),
                  (2, '1.1', 'Add email', 'SQL', 'V1_1__Add_email.sql', 2, 'app', now(), 5, true),
                  (3, '2', 'Name index', 'SQL', 'V2__Name_index.sql', 3, 'app', now(), 5, true),
                  (4, NULL, 'counts', 'SQL', 'R__counts.sql', 42, 'app', now(), 5, true),
                  (5, NULL, 'counts', 'SQL', 'R__counts.sql', {counts}, 'app', now(), 5, true),
                  (6, NULL, 'user names', 'SQL', 'R__user_names.sql', {view}, 'app', now(), 5, true),
                  (7, '3', 'Failed', 'SQL', 'V3__Failed.sql', 4, 'app', now(), 5, false)
                """);
        });

        Assert.Equal(["20000101000001_1_Create_users.sql", "20000101000002_1.1_Add_email.sql", "20000101000003_2_Name_index.sql", "repeatable/counts.sql",
            "repeatable/user_names.sql", "callbacks/afterMigrate.sql"], outcome.Files);
        Assert.Equal("ALTER TABLE users ADD COLUMN email text;\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n", outcome.Text("20000101000002_1.1_Add_email.sql"));
        Assert.StartsWith("-- migrate:no-transaction\n", outcome.Text("20000101000003_2_Name_index.sql"), StringComparison.Ordinal);
        Assert.Contains("beforeEachMigrate.sql: Wayli Migrate has no beforeEachMigrate callback", outcome.DryRun, StringComparison.Ordinal);
        Assert.Contains("would: record repeatable/counts.sql counts as applied", outcome.DryRun, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_flyway_repeatable_is_left_for_migrate_and_a_placeholder_or_envsub_file_is_refused()
    {
        var db = await server.CreateDatabaseAsync();
        using var old = new MigrationFolder();
        old.Write("V1__Users.sql", "CREATE TABLE users (id int);\n");
        old.Write("R__view.sql", "CREATE OR REPLACE VIEW user_ids AS SELECT id FROM users;\n");
        await db.ExecuteAsync("CREATE TABLE users (id int); CREATE TABLE flyway_schema_history (installed_rank int, version varchar(50), description varchar(200), type varchar(20), "
            + "script varchar(1000), checksum int, installed_by varchar(100), installed_on timestamp DEFAULT now(), execution_time int, success boolean);"
            + "INSERT INTO flyway_schema_history VALUES (1, '1', 'Users', 'SQL', 'V1__Users.sql', 1, 'app', now(), 1, true), (2, NULL, 'view', 'SQL', 'R__view.sql', 12345, 'app', now(), 1, true)");
        using var target = new MigrationFolder();
        var dir = Path.Combine(target.Path, "m");
        using var placeholder = new MigrationFolder();
        placeholder.Write("V1__Users.sql", "CREATE TABLE ${schema}.users (id int);\n");
        using var envsub = new MigrationFolder();
        envsub.Write("00001_users.sql", "-- +goose Up\n-- +goose ENVSUB ON\nCREATE TABLE users (name text DEFAULT '${DEFAULT_NAME}');\n");

        var adopted = await Tool.RunAsync("adopt", "--from", "flyway", "--source-dir", old.Path, "--dir", dir, "--db-url", db.Url, "--yes");
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", dir);
        var refusedPlaceholder = await Tool.RunAsync("adopt", "--from", "flyway", "--source-dir", placeholder.Path, "--dir", Path.Combine(target.Path, "p"), "--yes");
        var refusedEnvsub = await Tool.RunAsync("adopt", "--from", "goose", "--source-dir", envsub.Path, "--dir", Path.Combine(target.Path, "e"), "--yes");

        Assert.True(adopted.ExitCode == ExitCodes.Ok, adopted.ToString());
        Assert.Contains("repeatable/view.sql was not applied by flyway as it is now: migrate will apply it", adopted.Output, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.Contains("applying repeatable/view.sql", migrate.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("V1__Users", migrate.Output, StringComparison.Ordinal);
        Assert.True(refusedPlaceholder.ExitCode == ExitCodes.Validation, refusedPlaceholder.ToString());
        Assert.Contains("V1__Users.sql:1: uses the Flyway placeholder ${schema}", refusedPlaceholder.Error, StringComparison.Ordinal);
        Assert.True(refusedEnvsub.ExitCode == ExitCodes.Validation, refusedEnvsub.ToString());
        Assert.Contains("00001_users.sql:2:1: asks goose to substitute environment variables", refusedEnvsub.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(target.Path, "p")));
    }

    [Fact]
    public async Task A_file_already_in_the_folder_with_other_text_refuses_the_conversion_and_the_same_text_is_left_alone()
    {
        using var old = new MigrationFolder();
        old.Write("1_init.up.sql", "CREATE TABLE users (id int);\n");
        old.Write("2_more.up.sql", "CREATE TABLE more (id int);\n");
        using var target = new MigrationFolder();
        target.Write("20000101000001_1_init.sql", "CREATE TABLE users (id int);\n");
        var first = await Tool.RunAsync("adopt", "--from", "golang-migrate", "--source-dir", old.Path, "--dir", target.Path, "--yes");
        target.Write("20000101000002_2_more.sql", "CREATE TABLE other (id int);\n");
        old.Write("3_last.up.sql", "SELECT 1;\n");

        var second = await Tool.RunAsync("adopt", "--from", "golang-migrate", "--source-dir", old.Path, "--dir", target.Path, "--yes");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Contains("unchanged: ", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == ExitCodes.Validation, second.ToString());
        Assert.Contains("20000101000002_2_more.sql: already exists with other text than the conversion of 2_more.up.sql", second.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target.Path, "20000101000003_3_last.sql")));
    }

    [Fact]
    public async Task The_harbor_corpus_renamed_back_to_golang_migrate_converts_to_exactly_the_corpus_files()
    {
        var corpus = Corpora.Folder("harbor");
        using var old = new MigrationFolder();
        foreach (var file in Directory.GetFiles(corpus, "*.sql"))
        {
            // 20000101000120_0080_2_5_0_schema.sql was 0080_2_5_0_schema.up.sql.
            var name = Path.GetFileName(file);
            File.Copy(file, Path.Combine(old.Path, name[15..^4] + ".up.sql"));
        }
        using var target = new MigrationFolder();

        var result = await Tool.RunAsync("adopt", "--from", "golang-migrate", "--source-dir", old.Path, "--dir", target.Path, "--yes");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var expected = Directory.GetFiles(corpus, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Directory.GetFiles(target.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(expected, name => Assert.Equal(File.ReadAllBytes(Path.Combine(corpus, name!)), File.ReadAllBytes(Path.Combine(target.Path, name!))));
    }

    [Fact]
    public void Flyways_checksum_is_crc32_over_the_lines_without_their_endings()
    {
        Assert.Equal(unchecked((int)0xCBF43926), FlywayChecksum.Of("123456789"));
        Assert.Equal(FlywayChecksum.Of("a\nb"), FlywayChecksum.Of("\uFEFFa\r\nb\n"));
        Assert.NotEqual(FlywayChecksum.Of("a\nb"), FlywayChecksum.Of("a\nc"));
    }

    /// <summary>What converting and adopting left, for the per-tool assertions.</summary>
    sealed record Outcome(MigrationFolder Kept, IReadOnlyList<string> Files, string DryRun, TestDatabase Fresh, CliResult DownToZero) : IDisposable
    {
        public string Directory => Kept.Path;

        public string Text(string file) => File.ReadAllText(Path.Combine(Directory, file));

        public void Dispose() => Kept.Dispose();
    }

    /// <summary>
    /// The common course: a database migrated by the tool (the up parts applied in order, and the tool's table as it
    /// writes it); a dry run that writes nothing; adopt --yes; migrate then applies nothing there; an empty database
    /// migrated from the converted files has the schema of the up parts applied in order with psql.
    /// </summary>
    async Task<Outcome> ConvertAndAdoptAsync(string tool, MigrationFolder old, IReadOnlyList<Step> steps, Func<TestDatabase, Task> recordAsTheToolDoes)
    {
        var migrated = await server.CreateDatabaseAsync();
        await ApplyUpPartsAsync(migrated, steps);
        await recordAsTheToolDoes(migrated);
        using var target = new MigrationFolder();
        var dir = Path.Combine(target.Path, "supabase", "migrations");
        var before = await ReliabilityChecks.DeepFingerprintAsync(migrated);

        var dryRun = await Tool.RunAsync("adopt", "--from", tool, "--source-dir", old.Path, "--dir", dir, "--db-url", migrated.Url);
        Assert.True(dryRun.ExitCode == ExitCodes.Ok, dryRun.ToString());
        Assert.False(Directory.Exists(dir), "the dry run wrote files");
        Assert.Equal(before, await ReliabilityChecks.DeepFingerprintAsync(migrated));
        var adopt = await Tool.RunAsync("adopt", "--from", tool, "--source-dir", old.Path, "--dir", dir, "--db-url", migrated.Url, "--yes", "--json");
        Assert.True(adopt.ExitCode == ExitCodes.Ok, adopt.ToString());
        var document = JsonNode.Parse(adopt.Output)!;
        var files = document["files"]!.AsArray().Select(f => f!["file"]!.GetValue<string>()).ToList();
        Assert.All(files, f => Assert.Contains(f, dryRun.Output, StringComparison.Ordinal));
        Assert.Equal(document["history"]!["changes"]!.AsArray().Count, dryRun.Output.Split('\n').Count(l => l.StartsWith("would: record", StringComparison.Ordinal)));

        var again = await Tool.RunAsync("migrate", "--db-url", migrated.Url, "--dir", dir);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("nothing pending", again.Output, StringComparison.Ordinal);
        var fresh = await server.CreateDatabaseAsync();
        var migrate = await Tool.RunAsync("migrate", "--db-url", fresh.Url, "--dir", dir);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        var reference = await server.CreateDatabaseAsync();
        await ApplyUpPartsAsync(reference, steps);
        var difference = (await SchemaAsync(reference)).CompareTo(await SchemaAsync(fresh));
        Assert.True(difference.IsEmpty, $"{tool}: the converted files give another schema than the originals (+ only after conversion):\n{difference.Describe(20)}");
        var downToZero = await Tool.RunAsync("down", "--db-url", fresh.Url, "--dir", dir, "--to", "0", "--yes");
        // Keep the folder for the caller's assertions: copy it out of the disposed target.
        var kept = new MigrationFolder();
        CopyTree(dir, kept.Path);
        return new Outcome(kept, files, dryRun.All, fresh, downToZero);
    }

    /// <summary>Each up part with psql, in order, as the tool ran it (statement by statement; a transaction changes no schema).</summary>
    static async Task ApplyUpPartsAsync(TestDatabase db, IReadOnlyList<Step> steps)
    {
        using var scratch = new MigrationFolder();
        for (var i = 0; i < steps.Count; i++)
        {
            var file = scratch.Write($"{i:000}.sql", steps[i].Up);
            await Psql.RunFileAsync(db.Url, file, TestContext.Current.CancellationToken);
        }
    }

    static async Task<SchemaFingerprint> SchemaAsync(TestDatabase db)
    {
        await using var connection = await db.OpenAsync();
        return await SchemaFingerprint.CaptureAsync(connection, new FingerprintOptions(Exclude: o =>
            o.Identity.StartsWith("public.database_migrations", StringComparison.Ordinal) || o.Identity == "public.exec_sql(text)"), TestContext.Current.CancellationToken);
    }

    static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    static string Wrapped(string sql) => $"-- +goose StatementBegin\n{sql.TrimEnd('\n')}\n-- +goose StatementEnd\n";
}
