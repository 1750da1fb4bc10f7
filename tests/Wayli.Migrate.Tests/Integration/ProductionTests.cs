using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Local;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>What deployments meet: a database that is not up yet, poolers, locks held by the application.</summary>
public sealed class ProductionTests(PostgresServer server)
{
    [Fact]
    public async Task Wait_for_db_started_before_the_server_succeeds_once_it_is_up()
    {
        var port = LocalCluster.FreePort();
        var password = LocalCluster.NewPassword();
        var url = $"postgres://postgres:{password}@127.0.0.1:{port}/postgres";
        var migrate = Tool.RunAsync("migrate", "--db-url", url, "--dir", Paths.ExampleMigrations, "--wait-for-db", "60s", "--create-roles");

        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.False(migrate.IsCompleted, "migrate should still be waiting for the server");
        await using var cluster = await LocalCluster.StartAsync(port, password, TestContext.Current.CancellationToken);
        var result = await migrate;

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("waiting for the database at postgres@127.0.0.1", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(password, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_wait_for_db_an_unreachable_server_fails_at_once_with_the_connection_code()
    {
        var result = await Tool.RunAsync("status", "--db-url", $"postgres://postgres:x@127.0.0.1:{LocalCluster.FreePort()}/postgres",
            "--dir", Paths.ExampleMigrations);

        Assert.Equal(ExitCodes.Connection, result.ExitCode);
        Assert.Contains("Connection refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("3s", 3.0)]
    [InlineData("10s", 10.0)]
    public async Task Wait_for_db_keeps_trying_for_the_whole_time_given_then_tries_once_more(string wait, double seconds)
    {
        var result = await Tool.RunAsync("status", "--db-url", $"postgres://postgres:x@127.0.0.1:{LocalCluster.FreePort()}/postgres",
            "--dir", Paths.ExampleMigrations, "--wait-for-db", wait);

        Assert.Equal(ExitCodes.Connection, result.ExitCode);
        var gaveUp = System.Text.RegularExpressions.Regex.Match(result.Error, @"gave up after (?<s>[0-9.]+) s of --wait-for-db");
        Assert.True(gaveUp.Success, result.ToString());
        Assert.True(double.Parse(gaveUp.Groups["s"].Value, System.Globalization.CultureInfo.InvariantCulture) >= seconds,
            $"gave up before the {wait} it was given: {gaveUp.Value}");
    }

    [Theory]
    [InlineData("password")]
    [InlineData("database")]
    public async Task Failures_that_will_not_heal_are_not_waited_for(string what)
    {
        var db = await server.CreateDatabaseAsync();
        var url = what == "password"
            ? db.Url.Replace(db.Password, "wrong-password", StringComparison.Ordinal)
            : db.Url.Replace(db.Name, "no_such_database", StringComparison.Ordinal);
        var started = DateTime.UtcNow;

        var result = await Tool.RunAsync("migrate", "--db-url", url, "--dir", Paths.ExampleMigrations, "--wait-for-db", "120s");

        Assert.True(result.ExitCode == ExitCodes.ConnectionRejected, result.ToString());
        Assert.DoesNotContain("waiting for the database", result.Error, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "a rejected login must not be retried for the whole wait");
    }

    [Fact]
    public async Task A_migration_blocked_by_a_table_lock_gives_up_retries_and_succeeds_when_the_lock_goes()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE busy (id int);");
        using var folder = new MigrationFolder();
        folder.Write("1_alter.sql", "ALTER TABLE busy ADD COLUMN IF NOT EXISTS note text;\n");
        await using var holder = await db.OpenAsync();
        await using (var take = new NpgsqlCommand("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE;", holder))
            await take.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        var migrate = Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--statement-lock-timeout", "200ms", "--lock-retries", "10");
        await Task.Delay(1200, TestContext.Current.CancellationToken);
        await using (var release = new NpgsqlCommand("COMMIT", holder))
            await release.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        var result = await migrate;

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("retrying 1_alter.sql", result.Error, StringComparison.Ordinal);
        Assert.Contains("55P03", result.Error, StringComparison.Ordinal);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'busy' AND column_name = 'note'"));
        Assert.True(Assert.Single(await db.HistoryAsync()).Success);
    }

    [Fact]
    public async Task Out_of_retries_a_lock_timeout_is_a_failed_migration_and_nothing_is_left_applied()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE busy (id int);");
        using var folder = new MigrationFolder();
        folder.Write("1_alter.sql", "CREATE TABLE side_effect (id int);\nALTER TABLE busy ADD COLUMN note text;\n");
        await using var holder = await db.OpenAsync();
        await using (var take = new NpgsqlCommand("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE;", holder))
            await take.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--statement-lock-timeout", "100ms", "--lock-retries", "1");

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("55P03", result.Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.side_effect"));
    }

    [Fact]
    public async Task A_statement_timeout_stops_a_long_migration_which_is_then_recorded_as_failed()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_slow.sql", "CREATE TABLE slow_marker (id int);\nSELECT pg_sleep(5);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--statement-timeout", "200ms");

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("57014", result.Error, StringComparison.Ordinal);
        Assert.Contains("1_slow.sql:2:1 (statement 2)", result.Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.slow_marker"));
        Assert.False(Assert.Single(await db.HistoryAsync()).Success);
    }

    [Fact]
    public async Task A_transaction_mode_pooler_is_refused_with_an_explanation()
    {
        var db = await server.CreateDatabaseAsync();
        await using var bouncer = await PgBouncer.StartAsync(server.Cluster, "transaction");

        var result = await Tool.RunAsync("migrate", "--db-url", bouncer.Url(db), "--dir", Paths.ExampleMigrations);

        Assert.True(result.ExitCode == ExitCodes.ConnectionRejected, result.ToString());
        Assert.Contains("transaction mode", result.Error, StringComparison.Ordinal);
        Assert.Contains("direct connection", result.Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.database_migrations"));
    }

    [Fact]
    public async Task A_session_mode_pooler_works()
    {
        var db = await server.CreateDatabaseAsync();
        await using var bouncer = await PgBouncer.StartAsync(server.Cluster, "session");

        var result = await Tool.RunAsync("migrate", "--db-url", bouncer.Url(db), "--dir", Paths.ExampleMigrations, "--statement-lock-timeout", "5s");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(Directory.GetFiles(Paths.ExampleMigrations, "*.sql").Length, (await db.HistoryAsync()).Count);
    }
}
