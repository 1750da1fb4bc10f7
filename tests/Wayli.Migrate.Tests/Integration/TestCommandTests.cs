using System.Diagnostics;
using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary><c>test</c>: idempotency proven on a scratch database, infrastructure audited, nothing left behind.</summary>
public sealed class TestCommandTests(PostgresServer server)
{
    [Fact]
    public async Task Migrations_that_fail_or_change_things_on_rerun_are_caught_and_guarded_ones_pass()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_guarded.sql", "CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, name text);\nALTER TABLE items ADD COLUMN IF NOT EXISTS note text;\n"
            + "INSERT INTO items VALUES (1, 'one') ON CONFLICT (id) DO NOTHING;\nCREATE OR REPLACE VIEW item_names AS SELECT name FROM items;\n");
        folder.Write("2_unguarded.sql", "SELECT 1;\nCREATE TABLE plain (id int);\n");
        folder.Write("3_seed.sql", "INSERT INTO items (id, name) SELECT coalesce(max(id), 0) + 1, 'again' FROM items;\n");
        folder.Write("4_moving_view.sql", "DO $$ BEGIN EXECUTE format('CREATE OR REPLACE VIEW built AS SELECT %L::text AS at', clock_timestamp()); END $$;\n");

        var result = await Tool.RunAsync("test", "--db-url", db.Url, "--dir", folder.Path, "--json");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        using var report = JsonDocument.Parse(result.Output);
        var outcomes = report.RootElement.GetProperty("migrations").EnumerateArray()
            .ToDictionary(m => m.GetProperty("file").GetString()!, m => m.GetProperty("outcome").GetString());
        Assert.Equal("idempotent", outcomes["1_guarded.sql"]);
        Assert.Equal("fails-on-rerun", outcomes["2_unguarded.sql"]);
        Assert.Equal("changes-on-rerun", outcomes["3_seed.sql"]);
        Assert.Equal("changes-on-rerun", outcomes["4_moving_view.sql"]);
        var rerun = report.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "idempotency.fails-on-rerun");
        Assert.EndsWith("2_unguarded.sql", rerun.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, rerun.GetProperty("line").GetInt32());
        Assert.Equal(1, rerun.GetProperty("column").GetInt32());
        Assert.Contains("42P07", rerun.GetProperty("message").GetString(), StringComparison.Ordinal);
        var changes = string.Join('\n', report.RootElement.GetProperty("migrations").EnumerateArray()
            .SelectMany(m => m.GetProperty("differences").EnumerateArray().Select(d => d.GetString())));
        Assert.Contains("public.items", changes, StringComparison.Ordinal);
        Assert.Contains("public.built", changes, StringComparison.Ordinal);
        await AssertNoScratchLeftAsync(db);
    }

    [Fact]
    public async Task The_example_set_passes_against_a_migrated_database_and_the_report_ends_with_a_verdict()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations)).ExitCode);

        var result = await Tool.RunAsync("test", "--db-url", db.Url, "--dir", Paths.ExampleMigrations);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("PASS:", result.Output.Trim().Split('\n')[^1], StringComparison.Ordinal);
        await AssertNoScratchLeftAsync(db);
    }

    [Fact]
    public async Task An_insecure_infrastructure_and_drift_on_the_target_fail_the_test()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder().CopyFrom(Paths.ExampleMigrations);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        await db.ExecuteAsync("""
            GRANT SELECT ON public.database_migrations TO anon;
            CREATE POLICY everyone ON public.database_migrations FOR SELECT TO authenticated USING (true);
            GRANT EXECUTE ON FUNCTION public.exec_sql(text) TO PUBLIC;
            ALTER FUNCTION public.exec_sql(text) RESET search_path;
            """);
        var drifted = Directory.GetFiles(folder.Path, "*.sql").Order(StringComparer.Ordinal).First();
        File.AppendAllText(drifted, "\nSELECT 'edited after it was applied';\n");

        var result = await Tool.RunAsync("test", "--db-url", db.Url, "--dir", folder.Path, "--json");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        using var report = JsonDocument.Parse(result.Output);
        var rules = report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToHashSet();
        Assert.Contains("infra.table-privilege", rules);
        Assert.Contains("infra.policy-for-untrusted", rules);
        Assert.Contains("infra.exec-sql-executable", rules);
        Assert.Contains("infra.exec-sql-search-path", rules);
        Assert.Contains("history.drift", rules);
    }

    [Fact]
    public async Task A_prepare_file_runs_on_the_scratch_database_first()
    {
        using var folder = new MigrationFolder();
        folder.Write("1_uses_platform.sql", "CREATE TABLE IF NOT EXISTS notes (owner uuid DEFAULT platform.current_owner());\n");
        var prepare = Path.Combine(folder.Path, "prepare.sql.txt");
        File.WriteAllText(prepare, "CREATE SCHEMA platform;\nCREATE FUNCTION platform.current_owner() RETURNS uuid LANGUAGE sql AS $$ SELECT NULL::uuid $$;\n");

        var without = await Tool.RunAsync("test", "--dir", folder.Path);
        var with = await Tool.RunAsync("test", "--dir", folder.Path, "--prepare", prepare);

        Assert.Equal(ExitCodes.Validation, without.ExitCode);
        Assert.Contains("--prepare", without.Error + without.Output, StringComparison.Ordinal);
        Assert.True(with.ExitCode == ExitCodes.Ok, with.ToString());
    }

    [Fact]
    public async Task With_scratch_url_the_scratch_database_is_made_there_and_dropped_after_a_failing_migration()
    {
        var target = await server.CreateDatabaseAsync();
        var scratchServer = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_broken.sql", "CREATE TABLE broken (id int,);\n");

        var result = await Tool.RunAsync("test", "--db-url", target.Url, "--scratch-url", scratchServer.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains(scratchServer.Name, result.Error, StringComparison.Ordinal);
        Assert.Contains("FAILS             1_broken.sql", result.Output, StringComparison.Ordinal);
        await AssertNoScratchLeftAsync(target);
        Assert.DoesNotContain(target.Password, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scratch_database_is_never_made_on_the_targets_server_even_when_its_user_may_create_databases()
    {
        var target = await server.CreateDatabaseAsync();
        var port = await target.ScalarAsync<int>("SELECT inet_server_port()");
        using var folder = new MigrationFolder();
        // Fails wherever it runs on the target's server; a replay elsewhere passes it.
        folder.Write("1_where.sql", $"DO $$ BEGIN IF inet_server_port() = {port} THEN RAISE EXCEPTION 'replayed on the target''s server'; END IF; END $$;\n");

        var result = await Tool.RunAsync("test", "--db-url", target.Url, "--dir", folder.Path, "--json");

        using var report = JsonDocument.Parse(result.Output);
        Assert.StartsWith("a throwaway local PostgreSQL on 127.0.0.1:", report.RootElement.GetProperty("scratch").GetString(), StringComparison.Ordinal);
        Assert.Equal("idempotent", report.RootElement.GetProperty("migrations")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task On_a_named_scratch_server_the_roles_the_migrations_create_are_dropped_so_the_next_run_passes_too()
    {
        await using var scratch = await Local.LocalCluster.StartAsync(TestContext.Current.CancellationToken);
        using var folder = new MigrationFolder();
        folder.Write("1_roles.sql", "CREATE ROLE trial_authenticated NOLOGIN;\nCREATE ROLE trigger_user NOLOGIN;\nCREATE TABLE t (id int);\nGRANT SELECT ON t TO trial_authenticated;\n");

        var first = await Tool.RunAsync("test", "--scratch-url", scratch.Url(), "--dir", folder.Path);
        var roles = await ScratchRolesAsync(scratch);
        var second = await Tool.RunAsync("test", "--scratch-url", scratch.Url(), "--dir", folder.Path);

        // Not idempotent (the CREATEs fail on a re-run), but it applies on an empty scratch database both times.
        Assert.Contains("FAILS ON RE-RUN", first.Output, StringComparison.Ordinal);
        Assert.Contains("note: scratch.cleanup: dropped role trial_authenticated, which the migrations created", first.Output, StringComparison.Ordinal);
        Assert.Contains("dropped role trigger_user", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("trial_authenticated", roles);
        Assert.DoesNotContain("trigger_user", roles);
        Assert.Contains("FAILS ON RE-RUN", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("already exists … it fails", second.All, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILS  ", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(scratch.Password, first.All + second.All, StringComparison.Ordinal);
    }

    static async Task<List<string>> ScratchRolesAsync(Local.LocalCluster cluster)
    {
        await using var connection = new Npgsql.NpgsqlConnection(cluster.Settings().ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT rolname FROM pg_roles", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var roles = new List<string>();
        while (await reader.ReadAsync())
            roles.Add(reader.GetString(0));
        return roles;
    }

    [Fact]
    public async Task An_interrupted_test_still_drops_its_scratch_database()
    {
        var db = await server.CreateDatabaseAsync();
        var scratchServer = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        for (var i = 1; i <= 5; i++)
            folder.Write($"{i}_slow.sql", "SELECT pg_sleep(1);\n");
        using var process = Tool.Start("test", "--db-url", db.Url, "--scratch-url", scratchServer.Url, "--dir", folder.Path);
        var error = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => error.AppendLine(e.Data);
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 200 && !error.ToString().Contains("proving idempotency", StringComparison.Ordinal); i++)
            await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Contains("proving idempotency", error.ToString(), StringComparison.Ordinal);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await interrupt.WaitForExitAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await output;

        Assert.NotEqual(ExitCodes.Ok, process.ExitCode);
        await AssertNoScratchLeftAsync(db);
    }

    static async Task AssertNoScratchLeftAsync(TestDatabase db)
    {
        // Scratch databases of other tests may exist at this moment; this test's target names none of them, so look
        // for any whose creator session is gone: a leftover has no connections and outlives its run.
        for (var i = 0; i < 50; i++)
        {
            var left = await db.ScalarAsync<long>("""
                SELECT count(*) FROM pg_database d
                WHERE d.datname LIKE 'wayli_migrate_scratch_%'
                  AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)
                """);
            if (left == 0)
                return;
            await Task.Delay(100);
        }
        Assert.Fail("a scratch database was left behind");
    }
}
