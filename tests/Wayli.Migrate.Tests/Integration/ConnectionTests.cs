using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>Connection settings, connection failures, the lock — and the password never shown.</summary>
public sealed class ConnectionTests(PostgresServer server)
{
    [Fact]
    public async Task A_wrong_password_fails_with_the_connection_code_and_never_prints_either_password()
    {
        var db = await server.CreateDatabaseAsync();
        const string Wrong = "Wr0ngSecret!xyz";
        var url = db.Url.Replace(db.Password, Uri.EscapeDataString(Wrong), StringComparison.Ordinal);

        var result = await Tool.RunAsync("migrate", "--db-url", url, "--dir", Paths.ExampleMigrations);

        Assert.True(result.ExitCode == ExitCodes.ConnectionRejected, result.ToString());
        Assert.Contains("password authentication failed", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(db.Password, result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://app:S3cretPass@127.0.0.1:1/app")]
    [InlineData("Host=127.0.0.1;Port=1;Username=app;Password=S3cretPass;Database=app")]
    [InlineData("postgres://app:S3cretPass@127.0.0.1:1/app?sslmode=bogus")]
    [InlineData("postgres://app:S3cretPass@127.0.0.1:1/app?unknown=1")]
    [InlineData("Host=127.0.0.1;Password=S3cretPass;Bogus Keyword=1")]
    [InlineData("postgres://app:S3cretPass@[::1/app")]
    public async Task Unreachable_or_malformed_databases_never_print_the_password(string url)
    {
        var fromFlag = await Tool.RunAsync("status", "--db-url", url, "--dir", Paths.ExampleMigrations);
        var fromEnvironment = await Tool.RunWithEnvironmentAsync(new Dictionary<string, string> { ["DATABASE_URL"] = url }, "status", "--dir", Paths.ExampleMigrations);

        foreach (var result in new[] { fromFlag, fromEnvironment })
        {
            Assert.True(result.ExitCode is ExitCodes.Connection or ExitCodes.ConnectionRejected or ExitCodes.Usage, result.ToString());
            Assert.DoesNotContain("S3cretPass", result.All, StringComparison.Ordinal);
            Assert.NotEqual("", result.Error.Trim());
        }
    }

    [Fact]
    public async Task The_database_url_comes_from_the_environment_and_a_keyword_string_works_too()
    {
        var db = await server.CreateDatabaseAsync();
        var builder = new NpgsqlConnectionStringBuilder(server.Settings(db.Name).ConnectionString);
        var keywords = $"Host={builder.Host};Port={builder.Port};Username={builder.Username};Password={builder.Password};Database={builder.Database}";

        var result = await Tool.RunWithEnvironmentAsync(new Dictionary<string, string> { ["DATABASE_URL"] = keywords },
            "migrate", "--dir", Paths.ExampleMigrations);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.DoesNotContain(db.Password, result.All, StringComparison.Ordinal);
        Assert.Contains(db.Name, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_database_at_all_is_a_usage_error()
    {
        var result = await Tool.RunAsync("migrate", "--dir", Paths.ExampleMigrations);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("DATABASE_URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var result = await Tool.RunAsync("migrate", "--no-such-option");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_held_lock_makes_migrate_wait_then_time_out_naming_the_holder()
    {
        var db = await server.CreateDatabaseAsync();
        await using var holder = await HoldMigrationLockAsync(db.Name, "lock-holder-test");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations, "--lock-timeout", "1s");

        Assert.True(result.ExitCode == ExitCodes.LockTimeout, result.ToString());
        Assert.Contains("waiting for the migration lock", result.Error, StringComparison.Ordinal);
        Assert.Contains("lock-holder-test", result.Error, StringComparison.Ordinal);
        Assert.Contains($"pid {holder.ProcessID}", result.Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.database_migrations"));
    }

    [Fact]
    public async Task An_up_to_date_database_needs_no_lock_so_a_held_lock_does_not_hold_up_a_deploy_with_nothing_to_do()
    {
        var db = await server.CreateDatabaseAsync();
        var first = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations);
        var history = await db.HistorySnapshotAsync();
        await using var holder = await HoldMigrationLockAsync(db.Name, "long-running-migrator");

        var again = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations, "--lock-timeout", "1s");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.DoesNotContain("waiting for the migration lock", again.Error, StringComparison.Ordinal);
        Assert.Contains("up to date", again.Output, StringComparison.Ordinal);
        Assert.Equal(history, await db.HistorySnapshotAsync());
    }

    [Fact]
    public async Task The_holder_named_is_the_one_in_this_database_not_another_database_using_the_same_key()
    {
        // Advisory locks belong to a database: tenants on one server each hold the same key while they migrate.
        var others = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < 3; i++)
                others.Add(await HoldMigrationLockAsync((await server.CreateDatabaseAsync()).Name, $"other-tenant-{i}"));
            var db = await server.CreateDatabaseAsync();
            await using var holder = await HoldMigrationLockAsync(db.Name, "this-tenant-holder");

            var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations, "--lock-timeout", "1s");

            Assert.True(result.ExitCode == ExitCodes.LockTimeout, result.ToString());
            Assert.Contains($"pid {holder.ProcessID} (application_name this-tenant-holder", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("other-tenant", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var other in others)
                await other.DisposeAsync();
        }
    }

    /// <summary>Opens a session named <paramref name="applicationName"/> that holds the default history table's lock.</summary>
    async Task<NpgsqlConnection> HoldMigrationLockAsync(string database, string applicationName)
    {
        var key = new Wayli.Migrate.History.HistoryTable().LockKey;
        var builder = new NpgsqlConnectionStringBuilder(server.Settings(database).ConnectionString) { ApplicationName = applicationName };
        var holder = new NpgsqlConnection(builder.ConnectionString);
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", holder);
        await take.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return holder;
    }
}
