using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>Files that cannot run in one transaction: detected, run statement by statement, failures explained.</summary>
public sealed class NonTransactionalTests(PostgresServer server)
{
    [Fact]
    public async Task Create_index_concurrently_is_detected_and_applied_outside_a_transaction()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_table.sql", "CREATE TABLE items (id int, name text);\n");
        folder.Write("2_index.sql", "-- an index built without blocking writes\nCREATE INDEX CONCURRENTLY IF NOT EXISTS items_name ON items (name);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("2_index.sql runs outside a transaction", result.Error, StringComparison.Ordinal);
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_name'::regclass"));
        Assert.All(await db.HistoryAsync(), row => Assert.True(row.Success));
    }

    [Fact]
    public async Task A_procedure_that_commits_created_and_called_in_the_same_file_runs_once_rows_make_it_commit()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE items (id int, done boolean DEFAULT false); INSERT INTO items SELECT g FROM generate_series(1, 5) g;");
        using var folder = new MigrationFolder();
        folder.Write("1_backfill.sql", """
            CREATE OR REPLACE PROCEDURE mark_done() LANGUAGE plpgsql AS $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT id FROM items WHERE NOT done LOOP
                    UPDATE items SET done = true WHERE id = r.id;
                    COMMIT;
                END LOOP;
            END $$;
            CALL mark_done();
            """);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("calls procedure mark_done", result.Error, StringComparison.Ordinal);
        Assert.Equal(5L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE done"));
    }

    [Fact]
    public async Task A_commit_reached_inside_the_runners_transaction_says_to_add_the_no_transaction_directive()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE items (id int, done boolean DEFAULT false); INSERT INTO items VALUES (1);");
        using var folder = new MigrationFolder();
        folder.Write("1_procedure.sql", "CREATE OR REPLACE PROCEDURE mark_done() LANGUAGE plpgsql AS $$ BEGIN UPDATE items SET done = true; COMMIT; END $$;\n");
        // The procedure comes from another file, so this one cannot be seen to need running outside a transaction.
        folder.Write("2_call.sql", "CALL mark_done();\n");

        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var test = await Tool.RunAsync("test", "--dir", folder.Path, "--prepare", WritePrepare(folder), "--json");

        Assert.True(migrate.ExitCode == ExitCodes.MigrationFailed, migrate.ToString());
        Assert.Contains("2D000", migrate.Error, StringComparison.Ordinal);
        Assert.Contains("fix: the file commits or rolls back inside the transaction it runs in", migrate.Error, StringComparison.Ordinal);
        Assert.Contains("'-- migrate:no-transaction'", migrate.Error, StringComparison.Ordinal);
        Assert.Contains("FIX: ", (await db.HistoryAsync()).Single(h => h.Version == "2").Error, StringComparison.Ordinal);
        Assert.Contains("-- migrate:no-transaction", test.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--prepare FILE or --supabase", test.Output, StringComparison.Ordinal);
    }

    static string WritePrepare(MigrationFolder folder)
    {
        var path = System.IO.Path.Combine(folder.Path, "prepare.sql.txt");
        File.WriteAllText(path, "CREATE TABLE items (id int, done boolean DEFAULT false); INSERT INTO items VALUES (1);");
        return path;
    }

    [Theory]
    [InlineData("BEGIN;\nCREATE TABLE c3 (id int);\nSELECT 1/0;\nCOMMIT;\n",
        "0 of its 4 statement(s) completed and stay applied; 2 more completed inside the file's own transaction (BEGIN on line 1), which was rolled back", false)]
    [InlineData("BEGIN;\nCREATE TABLE c3 (id int);\nCOMMIT;\nSELECT 1/0;\n", "3 of its 4 statement(s) completed and stay applied;", true)]
    [InlineData("SELECT 1;\nBEGIN;\nCREATE TABLE c3 (id int);\n",
        "1 of its 3 statement(s) completed and stay applied; 2 more completed inside the file's own transaction (BEGIN on line 2)", false)]
    public async Task A_file_that_manages_its_own_transaction_is_told_what_really_stayed(string sql, string said, bool tableStayed)
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_own.sql", sql);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains(said, result.Error, StringComparison.Ordinal);
        Assert.Equal(tableStayed, await db.ExistsAsync("public.c3"));
        Assert.Contains(said, Assert.Single(await db.HistoryAsync()).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_unique_index_build_shows_and_records_the_duplicated_key_as_psql_does()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_users.sql", "CREATE TABLE users (email text);\nINSERT INTO users VALUES ('a@x'), ('a@x');\n");
        folder.Write("2_unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users (email);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("detail: Key (email)=(a@x) is duplicated.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("redacted", result.All, StringComparison.OrdinalIgnoreCase);
        var recorded = (await db.HistoryAsync()).Single(h => h.Version == "2");
        Assert.Contains("DETAIL: Key (email)=(a@x) is duplicated.", recorded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_part_way_keeps_what_completed_says_so_and_the_rerun_starts_from_the_top()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        var path = folder.Write("1_steps.sql", """
            -- migrate:no-transaction
            CREATE TABLE IF NOT EXISTS steps (id int);
            INSERT INTO steps SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM steps WHERE id = 1);
            INSERT INTO missing_table VALUES (2);
            """);

        var failed = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(failed.ExitCode == ExitCodes.MigrationFailed, failed.ToString());
        Assert.Contains("1_steps.sql:4:13 (statement 3)", failed.Error, StringComparison.Ordinal);
        Assert.Contains("2 of its 3 statement(s) completed and stay applied", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM steps"));
        var row = Assert.Single(await db.HistoryAsync());
        Assert.False(row.Success);
        Assert.Contains("statement 3", row.Error, StringComparison.Ordinal);
        Assert.Contains("2 of its 3", row.Error, StringComparison.Ordinal);

        File.WriteAllText(path, File.ReadAllText(path).Replace("missing_table", "steps", StringComparison.Ordinal));
        var rerun = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(rerun.ExitCode == ExitCodes.Ok, rerun.ToString());
        Assert.Contains("runs again from the top", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM steps"));
        Assert.True(Assert.Single(await db.HistoryAsync()).Success);
    }

    [Fact]
    public async Task An_invalid_index_left_by_a_failed_concurrent_build_is_reported_with_a_hint()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE emails (address text); INSERT INTO emails VALUES ('a@x'), ('a@x');");
        using var folder = new MigrationFolder();
        folder.Write("1_unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS emails_address ON emails (address);\n");
        var first = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(first.ExitCode == ExitCodes.MigrationFailed, first.ToString());
        Assert.False(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'emails_address'::regclass"));
        await db.ExecuteAsync("DELETE FROM emails WHERE ctid <> (SELECT min(ctid) FROM emails);");

        var second = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(second.ExitCode == ExitCodes.MigrationFailed, second.ToString());
        Assert.Contains("emails_address already exists but is INVALID", second.Error, StringComparison.Ordinal);
        Assert.Contains("DROP INDEX CONCURRENTLY emails_address", second.Error, StringComparison.Ordinal);

        await db.ExecuteAsync("DROP INDEX emails_address;");
        var third = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(third.ExitCode == ExitCodes.Ok, third.ToString());
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'emails_address'::regclass"));
    }

    [Fact]
    public async Task A_file_with_its_own_begin_and_commit_runs_as_written()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_own.sql", "BEGIN;\nCREATE TABLE own_a (id int);\nCOMMIT;\nBEGIN;\nCREATE TABLE own_b (id int);\nCOMMIT;\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("starts a transaction itself", result.Error, StringComparison.Ordinal);
        Assert.True(await db.ExistsAsync("public.own_b"));
    }

    [Fact]
    public async Task A_transaction_left_open_by_the_file_is_rolled_back_and_reported()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_open.sql", "BEGIN;\nCREATE TABLE never_committed (id int);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("left a transaction open", result.Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.never_committed"));
        Assert.False(Assert.Single(await db.HistoryAsync()).Success);
    }

    [Fact]
    public async Task A_do_block_that_commits_runs_outside_a_transaction()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_batches.sql", """
            CREATE TABLE IF NOT EXISTS counters (n int);
            DO $$
            BEGIN
                FOR i IN 1..3 LOOP
                    INSERT INTO counters VALUES (i);
                    COMMIT;
                END LOOP;
            END
            $$;
            """);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM counters"));
    }

    [Fact]
    public async Task The_transaction_directive_forces_a_transaction_and_postgresql_then_says_why_it_fails()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_t.sql", "CREATE TABLE forced (a int);\n");
        folder.Write("2_forced.sql", "-- migrate:transaction\nCREATE INDEX CONCURRENTLY forced_a ON forced (a);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("25001", result.Error, StringComparison.Ordinal);
        Assert.Contains("2_forced.sql:2:1 (statement 1)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_columns_count_characters_not_utf16_units_after_an_emoji()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_emoji.sql", "SELECT 1;\nSELECT '😀😀' AS smile, missing_column FROM (SELECT 1) AS x;\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        // 'missing_column' starts at character 23 of line 2: S-E-L-E-C-T, space, quote, two emoji, quote, …
        Assert.Contains("1_emoji.sql:2:23 (statement 2): 42703", result.Error, StringComparison.Ordinal);
        Assert.Contains("^", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\i other.sql\nSELECT 1;", "1_meta.sql:1:1", "psql meta-command")]
    [InlineData("SELECT 1;\nCOPY t FROM STDIN;\n1\n\\.\n", "1_meta.sql:2:1", "COPY")]
    [InlineData("SELECT 1;\nSELECT $body$ never closed;\n", "1_meta.sql:2:8", "unterminated")]
    public async Task What_cannot_run_is_refused_before_anything_runs(string sql, string location, string message)
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("0_first.sql", "CREATE TABLE first_of_all (id int);\n");
        folder.Write("1_meta.sql", sql);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains(location, result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.first_of_all"));
    }
}
