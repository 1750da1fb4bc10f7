using System.Globalization;
using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Local;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 7, security: Supabase's default privileges do not leak the history table or exec_sql to anon and
/// authenticated; exec_sql cannot be hijacked through search_path; no output of any command, in any failure, shows the
/// password; file names reach SQL only as parameters.
/// </summary>
public sealed class SecurityReliabilityTests(PostgresServer server)
{
    static readonly string[] Privileges = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"];

    [Fact]
    public async Task With_supabase_default_privileges_set_before_bootstrap_only_service_role_can_use_history_and_exec_sql()
    {
        var db = await server.CreateDatabaseAsync();
        // What a Supabase project has before the tool ever runs: everything new in public is granted to the API roles.
        await db.ExecuteAsync("""
            GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
            ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
            ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
            ALTER DEFAULT PRIVILEGES GRANT ALL ON FUNCTIONS TO anon, authenticated;
            """);
        var bootstrap = await Tool.RunAsync("bootstrap", "--db-url", db.Url);
        using var folder = new MigrationFolder();
        folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        folder.Write("2_second.sql", "CREATE TABLE second_table (id int);\n");
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(bootstrap.ExitCode == ExitCodes.Ok, bootstrap.ToString());
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        // The default privileges did apply to the migrations' own tables: the trap was armed.
        Assert.True(await db.ScalarAsync<bool>("SELECT has_table_privilege('anon', 'public.first_table', 'SELECT')"));

        var outcomes = new List<string>();
        var wrong = new List<string>();
        var extra = new List<string>();
        foreach (var role in (string[])["anon", "authenticated", "service_role"])
        {
            var trusted = role == "service_role";
            foreach (var (action, sql) in Actions(role))
            {
                var error = await TryAsync(db, role, sql);
                outcomes.Add($"{role} {action}: {error ?? "allowed"}");
                if (trusted ? error is not null : error != "42501")
                    wrong.Add($"{role} {action}: {error ?? "allowed"}");
            }
            foreach (var privilege in Privileges)
            {
                var has = await db.ScalarAsync<bool>($"SELECT has_table_privilege('{role}', 'public.database_migrations', '{privilege}')");
                // service_role is trusted (it may run exec_sql); it needs these four, and keeps what the defaults gave it.
                if (trusted ? !has && privilege is "SELECT" or "INSERT" or "UPDATE" or "DELETE" : has)
                    wrong.Add($"{role} has {privilege}: {has}");
                if (trusted && has && privilege is "TRUNCATE" or "REFERENCES" or "TRIGGER")
                    extra.Add(privilege);
            }
            if (await db.ScalarAsync<bool>($"SELECT has_function_privilege('{role}', 'public.exec_sql(text)', 'EXECUTE')") != trusted)
                wrong.Add($"{role} EXECUTE on exec_sql: {!trusted}");
        }
        var rows = await db.HistorySnapshotAsync();

        ReliabilityReport.Record("security: default privileges before bootstrap", outcomes.Count, outcomes.Count - wrong.Count,
            "anon and authenticated denied (42501) exec_sql and select/insert/update/delete/truncate of history; service_role allowed exec_sql and select/insert/update/delete"
            + $"; service_role also keeps {(extra.Count == 0 ? "nothing else" : string.Join('/', extra))} from the default privileges");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong) + "\n\n" + string.Join('\n', outcomes));
        Assert.False(await db.ExistsAsync("public.pwned_by_anon"));
        Assert.False(await db.ExistsAsync("public.pwned_by_authenticated"));
        Assert.True(await db.ExistsAsync("public.made_by_service_role"));
        Assert.Contains("1,first", rows, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_sql_does_not_run_a_malicious_public_now_or_operator_with_its_privileges()
    {
        var db = await server.CreateDatabaseAsync();
        var bootstrap = await Tool.RunAsync("bootstrap", "--db-url", db.Url);
        Assert.True(bootstrap.ExitCode == ExitCodes.Ok, bootstrap.ToString());
        // An attacker who may create objects in public plants look-alikes of pg_catalog's now() and integer '='.
        await db.ExecuteAsync("""
            CREATE TABLE public.hijack_log (who text, via text);
            GRANT INSERT, SELECT ON public.hijack_log TO PUBLIC;
            GRANT USAGE, CREATE ON SCHEMA public TO authenticated;
            SET ROLE authenticated;
            CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE plpgsql AS
                $$ BEGIN INSERT INTO public.hijack_log VALUES (current_user, 'now()'); RETURN pg_catalog.now(); END $$;
            CREATE FUNCTION public.evil_eq(int, int) RETURNS boolean LANGUAGE plpgsql AS
                $$ BEGIN INSERT INTO public.hijack_log VALUES (current_user, 'operator ='); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
            CREATE OPERATOR public.= (LEFTARG = int, RIGHTARG = int, FUNCTION = public.evil_eq);
            GRANT EXECUTE ON FUNCTION public.now(), public.evil_eq(int, int) TO PUBLIC;
            RESET ROLE;
            """);

        await using var connection = await db.OpenAsync();
        await ExecuteAsync(connection, "SET ROLE service_role; SET search_path = public, pg_catalog;");
        // The control: in service_role's own session, with public first on its search_path, the trap fires.
        await ExecuteAsync(connection, "SELECT now(), 1 = 1");
        var armed = await LogAsync(db);
        await ExecuteAsync(connection, "SELECT public.exec_sql('SELECT now()')");
        await ExecuteAsync(connection, "SELECT public.exec_sql('SELECT 1 = 1')");
        var after = await LogAsync(db);

        ReliabilityReport.Record("security: exec_sql search_path hijack", 2, after == armed ? 2 : 0,
            $"trap fired in the caller's own session: {armed}; after exec_sql('SELECT now()') and exec_sql('SELECT 1 = 1'): {after}");
        Assert.Equal("service_role:now(),service_role:operator =", armed);
        Assert.Equal(armed, after);
        Assert.DoesNotContain("postgres:", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_output_of_any_command_in_any_failure_contains_the_password()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // A role of its own with a password full of URL-special characters, owning its database.
        var role = "rel_secret_" + Guid.NewGuid().ToString("N")[..8];
        const string Password = "Pa$$:w/rd@%?#&=+ü \"x' Sec";
        var encoded = Uri.EscapeDataString(Password);
        var databaseName = role + "_db";
        await using (var admin = new NpgsqlConnection(server.Cluster.Settings().ConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN CREATEDB PASSWORD '{Password.Replace("'", "''", StringComparison.Ordinal)}'", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await server.Cluster.CreateDatabaseAsync(databaseName, cancellationToken);
        await using (var admin = new NpgsqlConnection(server.Cluster.Settings().ConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var owner = new NpgsqlCommand($"ALTER DATABASE {databaseName} OWNER TO {role}", admin);
            await owner.ExecuteNonQueryAsync(cancellationToken);
        }
        var port = server.Cluster.Port.ToString(CultureInfo.InvariantCulture);
        var url = $"postgres://{role}:{encoded}@127.0.0.1:{port}/{databaseName}";
        var wrongUrl = $"postgres://{role}:{encoded}x@127.0.0.1:{port}/{databaseName}";
        var keywords = $"Host=127.0.0.1;Port={port};Username={role};Password='{Password.Replace("'", "''", StringComparison.Ordinal)}';Database={databaseName}";
        var downUrl = $"postgres://{role}:{encoded}@127.0.0.1:{LocalCluster.FreePort().ToString(CultureInfo.InvariantCulture)}/{databaseName}";
        using var folder = new MigrationFolder();
        folder.Write("1_ok.sql", "CREATE TABLE ok_table (id int);\n");
        using var failing = new MigrationFolder();
        failing.Write("1_ok.sql", "CREATE TABLE ok_table (id int);\n");
        failing.Write("2_broken.sql", "SELECT 1;\nSELECT * FROM missing_table;\n");
        using var output = new MigrationFolder();
        var bundle = Path.Combine(output.Path, "migrations.bundle.json");
        var none = new Dictionary<string, string>();

        var runs = new List<(string What, Func<Task<CliResult>> Run)>
        {
            ("migrate ok", () => Tool.RunAsync("migrate", "--db-url", url, "--dir", folder.Path)),
            ("migrate, a migration fails", () => Tool.RunAsync("migrate", "--db-url", url, "--dir", failing.Path)),
            ("migrate --json, a migration fails", () => Tool.RunAsync("migrate", "--db-url", url, "--dir", failing.Path, "--json")),
            ("status after a failure", () => Tool.RunAsync("status", "--db-url", url, "--dir", failing.Path)),
            ("validate after a failure", () => Tool.RunAsync("validate", "--db-url", url, "--dir", failing.Path)),
            ("validate --json after a failure", () => Tool.RunAsync("validate", "--db-url", url, "--dir", failing.Path, "--json")),
            ("bootstrap", () => Tool.RunAsync("bootstrap", "--db-url", url)),
            ("build", () => Tool.RunAsync("build", "--dir", folder.Path, "--out", output.Path)),
            ("run a bundle", () => Tool.RunAsync("run", "--bundle", bundle, "--db-url", url)),
            ("test, a migration fails", () => Tool.RunAsync("test", "--db-url", url, "--dir", failing.Path)),
            ("lint", () => Tool.RunAsync("lint", "--dir", failing.Path)),
            ("keyword string, migrate", () => Tool.RunAsync("migrate", "--db-url", keywords, "--dir", failing.Path)),
            ("DATABASE_URL, status --json", () => Tool.RunWithEnvironmentAsync(new Dictionary<string, string> { ["DATABASE_URL"] = url }, "status", "--dir", failing.Path, "--json")),
            ("WAYLI_MIGRATE_DB_URL, migrate", () => Tool.RunWithEnvironmentAsync(new Dictionary<string, string> { ["WAYLI_MIGRATE_DB_URL"] = url }, "migrate", "--dir", failing.Path)),
        };
        foreach (var command in (string[])["migrate", "status", "validate", "bootstrap"])
        {
            runs.Add(($"{command}, wrong password", () => Tool.RunAsync(command, "--db-url", wrongUrl, "--dir", folder.Path)));
            runs.Add(($"{command}, server down", () => Tool.RunAsync(command, "--db-url", downUrl, "--dir", folder.Path)));
            runs.Add(($"{command}, TLS required", () => Tool.RunAsync(command, "--db-url", url + "?sslmode=require", "--dir", folder.Path)));
            runs.Add(($"{command}, unknown URL parameter", () => Tool.RunAsync(command, "--db-url", url + "?password_hint=1", "--dir", folder.Path)));
            runs.Add(($"{command}, malformed URL", () => Tool.RunAsync(command, "--db-url", $"postgres://{role}:{Password}@127.0.0.1:{port}/{databaseName}", "--dir", folder.Path)));
            runs.Add(($"{command}, URL without --db-url", () => Tool.RunAsync(command, url, "--dir", folder.Path)));
            runs.Add(($"{command} --json, wrong password", () => Tool.RunAsync(command, "--db-url", wrongUrl, "--dir", folder.Path, "--json")));
            runs.Add(($"{command}, wrong password in DATABASE_URL", () => Tool.RunWithEnvironmentAsync(new Dictionary<string, string> { ["DATABASE_URL"] = wrongUrl }, command, "--dir", folder.Path)));
        }
        runs.Add(("wayli-migrate.toml with the URL, wrong password", FromConfigFileAsync));
        runs.Add(("child process, wrong password", () => ChildProcessAsync(wrongUrl, folder.Path)));
        runs.Add(("child process, a migration fails", () => ChildProcessAsync(url, failing.Path)));

        var leaks = new List<string>();
        var exitCodes = new SortedSet<int>();
        foreach (var (what, run) in runs)
        {
            var result = await run();
            exitCodes.Add(result.ExitCode);
            if (result.All.Contains(Password, StringComparison.Ordinal) || result.All.Contains(encoded, StringComparison.Ordinal)
                || result.All.Contains(Password.Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal))
            {
                leaks.Add($"{what}:\n{result}");
            }
            if (result.ExitCode == ExitCodes.Internal)
                leaks.Add($"{what}: internal error\n{result}");
        }

        ReliabilityReport.Record("security: password never printed", runs.Count, runs.Count - leaks.Count,
            $"{runs.Count} command lines (every command, success and failure, flags/env/toml/child process), exit codes seen {string.Join(',', exitCodes)}");
        Assert.True(leaks.Count == 0, string.Join("\n\n", leaks));
        Assert.Contains(ExitCodes.MigrationFailed, exitCodes);
        Assert.Contains(ExitCodes.ConnectionRejected, exitCodes);
        Assert.Contains(ExitCodes.Connection, exitCodes);
        Assert.Contains(ExitCodes.Usage, exitCodes);

        async Task<CliResult> FromConfigFileAsync()
        {
            var project = Directory.CreateDirectory(Path.Combine(output.Path, "project")).FullName;
            await File.WriteAllTextAsync(Path.Combine(project, "wayli-migrate.toml"), $"db-url = \"{wrongUrl}\"\ndir = \"{folder.Path}\"\n", cancellationToken);
            return await Tool.RunInAsync(project, none, "migrate");
        }

        async Task<CliResult> ChildProcessAsync(string databaseUrl, string directory)
        {
            using var process = FaultProcess.Start("migrate", "--db-url", databaseUrl, "--dir", directory);
            return await process.WaitAsync(cancellationToken);
        }
    }

    [Fact]
    public async Task Names_from_file_names_reach_sql_only_as_parameters()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE t (id int); INSERT INTO t VALUES (42);");
        var descriptions = new[]
        {
            "x'); drop table t; --",
            "\"; DROP TABLE t; --",
            "$1 $$ \\ %s {0} ' || pg_sleep(5) || '",
            "'; DELETE FROM database_migrations; --",
        };
        using var folder = new MigrationFolder();
        for (var i = 0; i < descriptions.Length; i++)
            folder.Write($"2025010100000{i.ToString(CultureInfo.InvariantCulture)}_{descriptions[i]}.sql", $"CREATE TABLE harmless_{i.ToString(CultureInfo.InvariantCulture)} (id int);\n");

        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var status = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path);
        var recorded = new List<string>();
        await using (var connection = await db.OpenAsync())
        {
            await using var command = new NpgsqlCommand("SELECT name FROM public.database_migrations ORDER BY version", connection);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                recorded.Add(reader.GetString(0));
        }

        ReliabilityReport.Record("security: file names as parameters", descriptions.Length, recorded.Count(descriptions.Contains),
            $"migrate exit {migrate.ExitCode}; table t survived: {await db.ExistsAsync("public.t")}; names recorded verbatim: {recorded.Count(descriptions.Contains)}/{descriptions.Length}");
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.Equal(42, await db.ScalarAsync<int>("SELECT id FROM t"));
        Assert.Equal(descriptions, recorded);
        Assert.All(descriptions, d => Assert.Contains(d, status.Output, StringComparison.Ordinal));
    }

    static IEnumerable<(string Action, string Sql)> Actions(string role) =>
    [
        ("exec_sql", $"SELECT public.exec_sql('CREATE TABLE public.{(role == "service_role" ? "made_by_service_role" : "pwned_by_" + role)} (id int)')"),
        ("select history", "SELECT count(*) FROM public.database_migrations"),
        ("insert history", $"INSERT INTO public.database_migrations (version, name, checksum) VALUES ('9{role.Length}', 'by_{role}', repeat('0', 64))"),
        ("update history", "UPDATE public.database_migrations SET name = name"),
        ("delete history", $"DELETE FROM public.database_migrations WHERE name = 'by_{role}'"),
        ("truncate history", role == "service_role" ? "SELECT 1" : "TRUNCATE public.database_migrations"),
    ];

    /// <summary>Runs <paramref name="sql"/> as <paramref name="role"/> on a session of its own; returns the SQLSTATE, or null.</summary>
    static async Task<string?> TryAsync(TestDatabase db, string role, string sql)
    {
        await using var connection = await db.OpenAsync();
        try
        {
            await ExecuteAsync(connection, $"SET ROLE {role}");
            await ExecuteAsync(connection, sql);
            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    static Task<string> LogAsync(TestDatabase db) =>
        db.ScalarAsync<string>("SELECT coalesce(string_agg(who || ':' || via, ',' ORDER BY via), '') FROM public.hijack_log");
}
