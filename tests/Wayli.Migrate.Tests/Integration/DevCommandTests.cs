using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// <c>dev</c>: a project's local development database, run from the project's folder as a new user would after a
/// fresh clone (default folders: <c>supabase/migrations</c>, <c>supabase/seed.sql</c>, <c>.wayli-migrate/dev</c>). Each
/// test has a cluster of its own, stopped at the end.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DevCommandTests
{
    const string Alice = "00000000-0000-0000-0000-00000000a11c";
    const string Bob = "00000000-0000-0000-0000-000000000b0b";
    static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public async Task The_example_project_starts_migrated_and_seeded_keeps_its_data_across_stop_and_start_and_reset_starts_afresh()
    {
        using var project = ExampleProject("INSERT INTO public.profiles (user_id, display_name) VALUES (gen_random_uuid(), 'seeded');\n");
        try
        {
            // The example set grants to Supabase's roles, so it needs the environment.
            var start = await DevAsync(project, "start", "--supabase");
            Assert.True(start.ExitCode == ExitCodes.Ok, start.ToString());
            Assert.Contains("Created the development database with the Supabase environment, in .wayli-migrate/dev", start.Output, StringComparison.Ordinal);
            Assert.Contains("Seeded from supabase/seed.sql", start.Output, StringComparison.Ordinal);
            Assert.Equal("*", File.ReadAllLines(Path.Combine(project.Path, ".wayli-migrate", "dev", ".gitignore")).Last());
            var url = await UrlAsync(project);
            Assert.Equal(4L, await ScalarAsync<long>(url, "SELECT count(*) FROM public.database_migrations WHERE success"));
            await ScalarAsync<int>(url, "INSERT INTO public.profiles (user_id, display_name) VALUES (gen_random_uuid(), 'mine') RETURNING 1");

            var stop = await DevAsync(project, "stop");
            Assert.True(stop.ExitCode == ExitCodes.Ok, stop.ToString());
            Assert.Contains("running   no", (await DevAsync(project, "status")).Output, StringComparison.Ordinal);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(url, "SELECT 1"));
            var again = await DevAsync(project, "start");
            Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
            Assert.DoesNotContain("Created", again.Output, StringComparison.Ordinal);
            Assert.Equal("mine,seeded", await ScalarAsync<string>(await UrlAsync(project), "SELECT string_agg(display_name, ',' ORDER BY display_name) FROM public.profiles"));

            var reset = await DevAsync(project, "reset");
            Assert.True(reset.ExitCode == ExitCodes.Ok, reset.ToString());
            Assert.Contains("Dropped and recreated", reset.Output, StringComparison.Ordinal);
            Assert.Equal("seeded", await ScalarAsync<string>(await UrlAsync(project), "SELECT string_agg(display_name, ',') FROM public.profiles"));
        }
        finally
        {
            await DevAsync(project, "stop");
        }
    }

    [Fact]
    public async Task A_project_with_auth_uid_policies_resets_on_the_supabase_environment_and_its_policy_allows_and_denies_as_two_users()
    {
        using var project = Project();
        project.Write("supabase/migrations/20250101000000_notes.sql", """
            CREATE TABLE IF NOT EXISTS public.notes (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                owner uuid NOT NULL REFERENCES auth.users (id) DEFAULT auth.uid(),
                body text NOT NULL
            );
            ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
            DROP POLICY IF EXISTS own_notes ON public.notes;
            CREATE POLICY own_notes ON public.notes FOR ALL TO authenticated
                USING (owner = (SELECT auth.uid())) WITH CHECK (owner = (SELECT auth.uid()));
            """);
        project.Write("supabase/seed.sql", $"""
            INSERT INTO auth.users (id, email) VALUES ('{Alice}', 'alice@example.com'), ('{Bob}', 'bob@example.com');
            INSERT INTO public.notes (owner, body) VALUES ('{Alice}', 'alice 1'), ('{Alice}', 'alice 2'), ('{Bob}', 'bob 1');
            """);
        try
        {
            // Without the environment the migration cannot find auth.users: what a new user met before.
            var plain = await DevAsync(project, "reset");
            Assert.True(plain.ExitCode == ExitCodes.MigrationFailed, plain.ToString());
            Assert.Contains("3F000", plain.Error, StringComparison.Ordinal);

            var reset = await DevAsync(project, "reset", "--supabase");
            Assert.True(reset.ExitCode == ExitCodes.Ok, reset.ToString());
            Assert.Contains("with the Supabase environment", reset.Output, StringComparison.Ordinal);
            await using var connection = new NpgsqlConnection(Npgsql(await UrlAsync(project)));
            await connection.OpenAsync(TestContext.Current.CancellationToken);

            Assert.Equal("alice 1,alice 2", await AsUserAsync(connection, Alice, "SELECT string_agg(body, ',' ORDER BY id) FROM public.notes"));
            Assert.Equal("bob 1", await AsUserAsync(connection, Bob, "SELECT string_agg(body, ',' ORDER BY id) FROM public.notes"));
            Assert.Equal("0", await AsUserAsync(connection, null, "SELECT count(*)::text FROM public.notes"));
            var forged = await Assert.ThrowsAsync<PostgresException>(() =>
                AsUserAsync(connection, Bob, $"INSERT INTO public.notes (owner, body) VALUES ('{Alice}', 'forged') RETURNING body"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, forged.SqlState);
            Assert.Equal("mine", await AsUserAsync(connection, Bob, "INSERT INTO public.notes (body) VALUES ('mine') RETURNING body"));

            // Remembered for the folder: a reset without the flag keeps the environment.
            var again = await DevAsync(project, "reset");
            Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
            Assert.Contains("supabase  yes", (await DevAsync(project, "status")).Output, StringComparison.Ordinal);
        }
        finally
        {
            await DevAsync(project, "stop");
        }
    }

    [Fact]
    public async Task A_failing_seed_is_rolled_back_whole_and_named_by_file_and_line()
    {
        using var project = ExampleProject("INSERT INTO public.profiles (user_id, display_name) VALUES (gen_random_uuid(), 'first');\nINSERT INTO no_such_table VALUES (1);\n");
        try
        {
            var start = await DevAsync(project, "start", "--supabase");

            Assert.True(start.ExitCode == ExitCodes.MigrationFailed, start.ToString());
            Assert.Contains("supabase/seed.sql:2:13 (statement 2): 42P01", start.Error, StringComparison.Ordinal);
            Assert.Contains("The seed was rolled back whole", start.Error, StringComparison.Ordinal);
            var url = await UrlAsync(project);
            Assert.Equal(0L, await ScalarAsync<long>(url, "SELECT count(*) FROM public.profiles"));
            Assert.Equal(4L, await ScalarAsync<long>(url, "SELECT count(*) FROM public.database_migrations WHERE success"));
        }
        finally
        {
            await DevAsync(project, "stop");
        }
    }

    [Fact]
    public async Task Reset_refuses_files_with_problems_before_it_drops_anything()
    {
        using var project = ExampleProject(null);
        try
        {
            Assert.Equal(ExitCodes.Ok, (await DevAsync(project, "start", "--supabase")).ExitCode);
            var url = await UrlAsync(project);
            await ScalarAsync<int>(url, "INSERT INTO public.profiles (user_id, display_name) VALUES (gen_random_uuid(), 'kept') RETURNING 1");
            project.Write("supabase/migrations/20250201000000_broken.sql", "SELECT 'unterminated;\n");
            project.Write("supabase/seed.sql", "\\i other.sql\n");

            var reset = await DevAsync(project, "reset");

            Assert.True(reset.ExitCode == ExitCodes.Validation, reset.ToString());
            Assert.Contains("20250201000000_broken.sql:1:8", reset.Error, StringComparison.Ordinal);
            Assert.Equal(1L, await ScalarAsync<long>(url, "SELECT count(*) FROM public.profiles WHERE display_name = 'kept'"));
            File.Delete(Path.Combine(project.Path, "supabase", "migrations", "20250201000000_broken.sql"));
            var seed = await DevAsync(project, "reset");
            Assert.True(seed.ExitCode == ExitCodes.Validation, seed.ToString());
            Assert.Contains("seed.sql:1:1", seed.Error, StringComparison.Ordinal);
            Assert.Equal(1L, await ScalarAsync<long>(url, "SELECT count(*) FROM public.profiles WHERE display_name = 'kept'"));
        }
        finally
        {
            await DevAsync(project, "stop");
        }
    }

    [Fact]
    public async Task Url_and_stop_before_start_create_nothing_and_url_says_what_to_run()
    {
        using var project = ExampleProject(null);

        var url = await DevAsync(project, "url");
        var stop = await DevAsync(project, "stop");
        var status = await DevAsync(project, "status", "--json");

        Assert.True(url.ExitCode == ExitCodes.Usage, url.ToString());
        Assert.Contains("run 'wayli-migrate dev start' first", url.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, stop.ExitCode);
        Assert.Contains("\"exists\": false", status.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(project.Path, ".wayli-migrate")));
    }

    [Fact]
    public async Task As_root_a_project_folder_the_postgres_user_cannot_reach_is_refused_naming_the_folder_to_open()
    {
        using var project = ExampleProject(null);
        var closed = Path.Combine(project.Path, "closed");
        Directory.CreateDirectory(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var start = await DevAsync(project, "start", "--supabase", "--dev-dir", "closed/dev");

            if (Environment.IsPrivilegedProcess)
            {
                // PostgreSQL runs as postgres, which may not pass through the folder: said before initdb fails.
                Assert.True(start.ExitCode == ExitCodes.Usage, start.ToString());
                Assert.Contains($"{closed} is closed to other users (chmod o+x '{closed}'", start.Error, StringComparison.Ordinal);
                Assert.False(File.Exists(Path.Combine(closed, "dev", "data", "PG_VERSION")));
                Assert.False(File.Exists(Path.Combine(closed, "dev", "settings")));
            }
            else
            {
                // Not root: PostgreSQL runs as the user, whose folder it is.
                Assert.True(start.ExitCode == ExitCodes.Ok, start.ToString());
            }
        }
        finally
        {
            await DevAsync(project, "stop", "--dev-dir", "closed/dev");
        }
    }

    /// <summary>An empty project folder that others may pass through, as a checkout under /home or /srv usually is.</summary>
    static MigrationFolder Project()
    {
        var project = new MigrationFolder();
        File.SetUnixFileMode(project.Path, File.GetUnixFileMode(project.Path) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return project;
    }

    static MigrationFolder ExampleProject(string? seed)
    {
        var project = Project();
        foreach (var file in Directory.GetFiles(Paths.ExampleMigrations, "*.sql"))
            project.Write($"supabase/migrations/{Path.GetFileName(file)}", File.ReadAllText(file));
        if (seed is not null)
            project.Write("supabase/seed.sql", seed);
        return project;
    }

    static Task<CliResult> DevAsync(MigrationFolder project, params string[] args) => Tool.RunInAsync(project.Path, NoEnvironment, ["dev", .. args]);

    static async Task<string> UrlAsync(MigrationFolder project)
    {
        var result = await DevAsync(project, "url");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return result.Output.Trim();
    }

    static string Npgsql(string url) => Wayli.Migrate.Connections.ConnectionSettings.Parse(url).ConnectionString;

    static async Task<T> ScalarAsync<T>(string url, string sql)
    {
        await using var connection = new NpgsqlConnection(Npgsql(url));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Runs <paramref name="sql"/> in a transaction as the user (null: an anonymous request), then rolls back.</summary>
    static async Task<string?> AsUserAsync(NpgsqlConnection connection, string? user, string sql)
    {
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var act = new NpgsqlCommand(user is null ? "SELECT wayli_local.act_as(NULL, local => true)" : $"SELECT wayli_local.act_as('{user}', local => true)", connection))
            await act.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))?.ToString();
    }
}
