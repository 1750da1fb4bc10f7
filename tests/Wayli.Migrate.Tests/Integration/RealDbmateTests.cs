using System.Diagnostics;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 18 against the real tool, not a copy of its table: dbmate itself (the npm build that
/// <c>scripts/test.sh</c> installs from <c>tests/peers</c>, path in <c>WAYLI_DBMATE</c>) migrates a database, then
/// <c>adopt --from dbmate</c> takes it over; afterwards the converted folder gives dbmate's schema on an empty database,
/// and <c>down</c> with the converted down parts leaves exactly what <c>dbmate rollback</c> leaves.
/// </summary>
public sealed class RealDbmateTests(PostgresServer server)
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static readonly (string Name, string Text)[] Project =
    [
        ("20230101120000_users.sql", "-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY, name text);\n\n-- migrate:down\nDROP TABLE users;\n"),
        ("20230102120000_count_function.sql",
            "-- migrate:up\nCREATE FUNCTION user_count() RETURNS bigint LANGUAGE plpgsql AS $$\nBEGIN\n    RETURN (SELECT count(*) FROM users);\nEND;\n$$;\n\n"
            + "-- migrate:down\nDROP FUNCTION user_count();\n"),
        ("20230103120000_name_index.sql",
            "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_name ON users (name);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY users_name;\n"),
        ("20230104120000_seed.sql", "-- migrate:up\nINSERT INTO users VALUES (1, 'first');\n\n-- migrate:down\nDELETE FROM users WHERE id = 1;\n"),
    ];

    [Fact]
    public async Task A_database_dbmate_migrated_is_adopted_and_down_undoes_what_dbmate_rollback_undoes()
    {
        var dbmate = Environment.GetEnvironmentVariable("WAYLI_DBMATE");
        if (string.IsNullOrEmpty(dbmate) || !File.Exists(dbmate))
            Assert.Skip("WAYLI_DBMATE is not set to a dbmate binary (scripts/test.sh installs it from npm into tests/peers): the real-dbmate test did not run");
        using var old = new MigrationFolder();
        foreach (var (name, text) in Project)
            old.Write(name, text);
        using var target = new MigrationFolder();
        var dir = Path.Combine(target.Path, "supabase", "migrations");

        // dbmate migrates the production database; adopt takes it over.
        var production = await server.CreateDatabaseAsync();
        await DbmateAsync(dbmate, production, old.Path, "up");
        var migrated = await SchemaAsync(production);
        var adopt = await Tool.RunAsync("adopt", "--from", "dbmate", "--source-dir", old.Path, "--dir", dir, "--db-url", production.Url, "--yes");
        var again = await Tool.RunAsync("migrate", "--db-url", production.Url, "--dir", dir);
        var validate = await Tool.RunAsync("validate", "--db-url", production.Url, "--dir", dir);

        // The converted folder on an empty database gives dbmate's schema and rows.
        var fresh = await server.CreateDatabaseAsync();
        var migrate = await Tool.RunAsync("migrate", "--db-url", fresh.Url, "--dir", dir);

        // Three steps back (the seed, the index outside a transaction, the function): ours on the adopted database,
        // dbmate's on one it migrated itself.
        var down = await Tool.RunAsync("down", "--db-url", production.Url, "--dir", dir, "--steps", "3", "--yes");
        var afterDown = await SchemaAsync(production);
        var rolledBack = await server.CreateDatabaseAsync();
        await DbmateAsync(dbmate, rolledBack, old.Path, "up");
        for (var i = 0; i < 3; i++)
            await DbmateAsync(dbmate, rolledBack, old.Path, "rollback");
        var reapplied = await Tool.RunAsync("migrate", "--db-url", production.Url, "--dir", dir);

        Assert.True(adopt.ExitCode == ExitCodes.Ok, adopt.ToString());
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("nothing pending", again.Output, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        AssertSameSchema(migrated, await SchemaAsync(fresh), "a fresh migrate of the converted folder");
        Assert.True(down.ExitCode == ExitCodes.Ok, down.ToString());
        AssertSameSchema(await SchemaAsync(rolledBack), afterDown, "three steps down");
        Assert.Contains(afterDown.Objects, o => o.Identity == "public.users");
        Assert.DoesNotContain(afterDown.Objects, o => o.Identity.Contains("user_count", StringComparison.Ordinal));
        Assert.True(reapplied.ExitCode == ExitCodes.Ok, reapplied.ToString());
        AssertSameSchema(migrated, await SchemaAsync(production), "down, then migrate again");
    }

    static void AssertSameSchema(SchemaFingerprint expected, SchemaFingerprint actual, string what)
    {
        var difference = expected.CompareTo(actual);
        Assert.True(difference.IsEmpty, $"{what}: not what dbmate gives (+ only in ours):\n{difference.Describe(20)}");
    }

    /// <summary>The schema and rows without either tool's own tables.</summary>
    static async Task<SchemaFingerprint> SchemaAsync(TestDatabase db)
    {
        await using var connection = await db.OpenAsync();
        var options = new FingerprintOptions(Exclude: o =>
            o.Identity.StartsWith("public.database_migrations", StringComparison.Ordinal)
            || o.Identity.StartsWith("public.schema_migrations", StringComparison.Ordinal)
            || o.Identity == "public.exec_sql(text)");
        return await SchemaFingerprint.CaptureAsync(connection, options, Token);
    }

    static async Task DbmateAsync(string dbmate, TestDatabase db, string migrations, string command)
    {
        var info = new ProcessStartInfo(dbmate)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--url", db.Url + "?sslmode=disable", "--migrations-dir", migrations, "--no-dump-schema", command])
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dbmate");
        var output = process.StandardOutput.ReadToEndAsync(Token);
        var error = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        Assert.True(process.ExitCode == 0, $"dbmate {command} exited with {process.ExitCode}:\n{await error}\n{await output}");
    }
}
