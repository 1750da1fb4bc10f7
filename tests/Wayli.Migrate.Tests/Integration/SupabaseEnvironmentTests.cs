using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Infrastructure;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// The Supabase environment (<c>--supabase</c> on test, sandbox and dev) holds what its documentation says: it runs
/// twice, <c>auth.uid()</c> and the other request functions read the claims as PostgREST sets them, policies allow and
/// deny as two different users through <c>wayli_local.act_as</c>, Supabase's default privileges apply, and the shared
/// real-world sets apply on it without their own shims.
/// </summary>
public sealed class SupabaseEnvironmentTests(PostgresServer server)
{
    const string Alice = "00000000-0000-0000-0000-00000000a11c";
    const string Bob = "00000000-0000-0000-0000-000000000b0b";

    [Fact]
    public async Task The_environment_runs_twice_and_holds_the_documented_objects()
    {
        var db = await server.CreateDatabaseAsync();

        await db.RunScriptAsync(InfrastructureScript.SupabaseEnvironment);
        await db.RunScriptAsync(InfrastructureScript.SupabaseEnvironment);

        foreach (var role in (string[])["anon", "authenticated", "service_role", "authenticator", "supabase_admin"])
            Assert.True(await db.ScalarAsync<bool>($"SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}')"), role);
        foreach (var schema in (string[])["auth", "storage", "extensions", "realtime"])
            Assert.True(await db.ScalarAsync<bool>($"SELECT has_schema_privilege('authenticated', '{schema}', 'USAGE')"), schema);
        foreach (var table in (string[])["auth.users", "auth.identities", "storage.buckets", "storage.objects"])
            Assert.True(await db.ExistsAsync(table), table);
        Assert.Equal("extensions", await db.ScalarAsync<string>("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pgcrypto'"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_publication WHERE pubname = 'supabase_realtime'"));
        Assert.True(await db.ScalarAsync<bool>("SELECT pg_has_role('authenticator', 'authenticated', 'MEMBER')"));
        Assert.Equal("{user-1,2024}|track.gpx|gpx|",
            await db.ScalarAsync<string>("""
                SELECT concat_ws('|', storage.foldername('user-1/2024/track.gpx')::text, storage.filename('user-1/2024/track.gpx'),
                                 storage.extension('user-1/2024/track.gpx'), storage.extension('README'))
                """));
    }

    [Fact]
    public async Task The_request_functions_read_the_claims_as_postgrest_sets_them_and_are_null_outside_a_request()
    {
        var db = await server.CreateDatabaseAsync();
        await db.RunScriptAsync(InfrastructureScript.SupabaseEnvironment);
        await using var connection = await db.OpenAsync();

        Assert.Equal("|||", await ScalarAsync(connection, "SELECT concat_ws('|', coalesce(auth.uid()::text, ''), coalesce(auth.role(), ''), coalesce(auth.email(), ''), coalesce(auth.jwt()::text, ''))"));

        await ScalarAsync(connection, $$"""SELECT set_config('request.jwt.claims', '{"sub": "{{Alice}}", "role": "authenticated", "email": "alice@example.com"}', false)""");
        Assert.Equal($"{Alice}|authenticated|alice@example.com", await ScalarAsync(connection, "SELECT concat_ws('|', auth.uid(), auth.role(), auth.email())"));

        // Older PostgREST versions set one setting per claim; those win, as they were the request's.
        await ScalarAsync(connection, $"SELECT set_config('request.jwt.claim.sub', '{Bob}', false)");
        Assert.Equal(Bob, await ScalarAsync(connection, "SELECT auth.uid()::text"));
    }

    [Fact]
    public async Task A_policy_on_auth_uid_allows_and_denies_as_two_different_users()
    {
        var db = await server.CreateDatabaseAsync();
        await db.RunScriptAsync(InfrastructureScript.SupabaseEnvironment);
        await db.RunScriptAsync($"""
            CREATE TABLE public.notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner uuid NOT NULL REFERENCES auth.users (id), body text);
            ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
            CREATE POLICY own_notes ON public.notes FOR ALL TO authenticated USING (owner = auth.uid()) WITH CHECK (owner = auth.uid());
            INSERT INTO auth.users (id, email) VALUES ('{Alice}', 'alice@example.com'), ('{Bob}', 'bob@example.com');
            INSERT INTO public.notes (owner, body) VALUES ('{Alice}', 'alice 1'), ('{Alice}', 'alice 2'), ('{Bob}', 'bob 1');
            """);
        await using var connection = await db.OpenAsync();

        // No grant was written: Supabase's default privileges on public gave the table to the API roles.
        Assert.Equal("alice 1,alice 2", await AsUserAsync(connection, Alice, "SELECT string_agg(body, ',' ORDER BY id) FROM public.notes"));
        Assert.Equal("bob 1", await AsUserAsync(connection, Bob, "SELECT string_agg(body, ',' ORDER BY id) FROM public.notes"));
        Assert.Equal("0", await AsUserAsync(connection, null, "SELECT count(*)::text FROM public.notes"));

        var forged = await Assert.ThrowsAsync<PostgresException>(() =>
            AsUserAsync(connection, Bob, $"INSERT INTO public.notes (owner, body) VALUES ('{Alice}', 'forged') RETURNING body"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, forged.SqlState);
        Assert.Equal("mine", await AsUserAsync(connection, Bob, $"INSERT INTO public.notes (owner, body) VALUES ('{Bob}', 'mine') RETURNING body"));
        Assert.Equal("0", await AsUserAsync(connection, Bob, $"WITH gone AS (DELETE FROM public.notes WHERE owner = '{Alice}' RETURNING 1) SELECT count(*)::text FROM gone"));
        Assert.Equal(2L, await db.ScalarAsync<long>($"SELECT count(*) FROM public.notes WHERE owner = '{Alice}'"));
    }

    [Fact]
    public async Task Acting_as_a_user_lasts_for_the_session_until_reset_or_for_the_transaction_when_local()
    {
        var db = await server.CreateDatabaseAsync();
        await db.RunScriptAsync(InfrastructureScript.SupabaseEnvironment);
        await using var connection = await db.OpenAsync();

        await ScalarAsync(connection, $"SELECT wayli_local.act_as('{Alice}')");
        Assert.Equal($"authenticated|{Alice}", await ScalarAsync(connection, "SELECT concat_ws('|', current_user, auth.uid())"));
        await ScalarAsync(connection, "RESET ROLE");
        Assert.Equal("postgres", await ScalarAsync(connection, "SELECT current_user::text"));

        await using (var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await ScalarAsync(connection, $$"""SELECT wayli_local.act_as('{{Bob}}', '{"role": "service_role"}', local => true)""");
            Assert.Equal($"service_role|{Bob}", await ScalarAsync(connection, "SELECT concat_ws('|', current_user, auth.uid())"));
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal("postgres", await ScalarAsync(connection, "SELECT current_user::text"));
    }

    [Theory]
    [InlineData("wayli-20250826")]
    [InlineData("supabase-auth")]
    public async Task A_real_supabase_set_migrates_on_the_environment_without_its_own_shim(string corpus)
    {
        var folder = Corpora.Folder(corpus);
        var db = await server.CreateDatabaseAsync();
        await db.RunScriptAsync(InfrastructureScript.SupabaseEnvironment);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(Directory.GetFiles(folder, "*.sql").Length, (await db.HistoryAsync()).Count(row => row.Success));
    }

    [Fact]
    public async Task Supabase_storages_own_migrations_need_only_the_search_path_its_server_sets_for_them()
    {
        // Supabase Storage runs its migrations in sessions whose search_path is storage, public: a setting of that
        // server's connection, not an object of the database, so the environment does not set it for every session.
        var folder = Corpora.Folder("supabase-storage");
        using var turn = await Corpora.TakeTurnAsync("supabase-storage");
        var db = await server.CreateDatabaseAsync();
        await db.RunScriptAsync(InfrastructureScript.SupabaseEnvironment);
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" SET search_path TO storage, public");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(Directory.GetFiles(folder, "*.sql").Length, (await db.HistoryAsync()).Count(row => row.Success));
    }

    /// <summary>Runs <paramref name="sql"/> in a transaction as the user (null: an anonymous request), then rolls back.</summary>
    static async Task<string?> AsUserAsync(NpgsqlConnection connection, string? user, string sql)
    {
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await ScalarAsync(connection, user is null ? "SELECT wayli_local.act_as(NULL, local => true)" : $"SELECT wayli_local.act_as('{user}', local => true)");
        try
        {
            return await ScalarAsync(connection, sql);
        }
        finally
        {
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }
    }

    static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))?.ToString();
    }
}
