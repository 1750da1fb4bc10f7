using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>Only service_role may touch the history table and exec_sql.</summary>
public sealed class SecurityTests(PostgresServer server)
{
    [Theory]
    [InlineData("anon")]
    [InlineData("authenticated")]
    public async Task Untrusted_roles_cannot_read_history_or_run_exec_sql(string role)
    {
        var db = await BootstrappedDatabaseAsync();
        await using var connection = await db.OpenAsync();
        await Execute(connection, $"SET ROLE {role}");

        var read = await Record.ExceptionAsync(() => Scalar(connection, "SELECT count(*) FROM public.database_migrations"));
        var exec = await Record.ExceptionAsync(() => Scalar(connection, "SELECT public.exec_sql('CREATE TABLE pwned (id int)')"));

        // Denied outright (RLS would also hide the rows, but no privilege is the stronger guarantee).
        Assert.Equal("42501", Assert.IsType<PostgresException>(read).SqlState);
        Assert.Equal("42501", Assert.IsType<PostgresException>(exec).SqlState);
        Assert.False(await db.ExistsAsync("public.pwned"));
        Assert.False(await db.ScalarAsync<bool>($"SELECT has_function_privilege('{role}', 'public.exec_sql(text)', 'EXECUTE')"));
        Assert.False(await db.ScalarAsync<bool>($"SELECT has_table_privilege('{role}', 'public.database_migrations', 'SELECT')"));
    }

    [Fact]
    public async Task Service_role_reads_history_through_its_policy_and_runs_exec_sql()
    {
        var db = await BootstrappedDatabaseAsync();
        await using var connection = await db.OpenAsync();
        await Execute(connection, "SET ROLE service_role");

        var rows = await Scalar(connection, "SELECT count(*) FROM public.database_migrations");
        await Scalar(connection, "SELECT public.exec_sql('CREATE TABLE public.made_by_service_role (id int)')");

        Assert.Equal((long)Directory.GetFiles(Paths.ExampleMigrations, "*.sql").Length, rows);
        Assert.True(await db.ExistsAsync("public.made_by_service_role"));
    }

    [Fact]
    public async Task Exec_sql_pins_its_search_path_and_history_has_row_level_security()
    {
        var db = await BootstrappedDatabaseAsync();

        Assert.Equal("search_path=\"\"", await db.ScalarAsync<string>(
            "SELECT array_to_string(proconfig, ',') FROM pg_proc WHERE oid = 'public.exec_sql(text)'::regprocedure"));
        Assert.True(await db.ScalarAsync<bool>("SELECT prosecdef FROM pg_proc WHERE oid = 'public.exec_sql(text)'::regprocedure"));
        Assert.True(await db.ScalarAsync<bool>("SELECT relrowsecurity FROM pg_class WHERE oid = 'public.database_migrations'::regclass"));
        Assert.Equal("service_role", await db.ScalarAsync<string>(
            "SELECT string_agg(r::regrole::text, ',') FROM pg_policy p, unnest(p.polroles) r WHERE p.polrelid = 'public.database_migrations'::regclass"));
    }

    [Fact]
    public async Task Bootstrap_is_idempotent_and_setup_prints_the_same_sql()
    {
        var db = await server.CreateDatabaseAsync();
        var first = await Tool.RunAsync("bootstrap", "--db-url", db.Url);
        var after = await db.FingerprintAsync();
        var second = await Tool.RunAsync("bootstrap", "--db-url", db.Url);
        var setup = await Tool.RunAsync("setup");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Equal(after, await db.FingerprintAsync());
        Assert.Equal(ExitCodes.Ok, setup.ExitCode);
        Assert.Equal(Infrastructure.InfrastructureScript.Bootstrap(new Wayli.Migrate.History.HistoryTable()), setup.Output);
    }

    [Fact]
    public async Task Setup_sql_installs_the_same_infrastructure_when_run_by_hand()
    {
        var db = await server.CreateDatabaseAsync();
        var setup = await Tool.RunAsync("setup", "--create-roles");
        await db.RunScriptAsync(setup.Output);

        var status = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", Paths.ExampleMigrations);

        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.DoesNotContain("not installed", status.Output, StringComparison.Ordinal);
        Assert.True(await db.ScalarAsync<bool>("SELECT has_function_privilege('service_role', 'public.exec_sql(text)', 'EXECUTE')"));
    }

    async Task<TestDatabase> BootstrappedDatabaseAsync()
    {
        var db = await server.CreateDatabaseAsync();
        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return db;
    }

    static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
