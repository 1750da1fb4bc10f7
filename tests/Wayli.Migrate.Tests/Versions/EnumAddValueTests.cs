using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Versions;

/// <summary>
/// <c>ALTER TYPE … ADD VALUE</c> runs inside the migration's transaction on every supported version (before
/// PostgreSQL 12 it could not), but the new value cannot be used until that transaction commits. Since PostgreSQL 17
/// a value added to a type created in the same transaction is the exception: it can be used at once.
/// </summary>
public sealed class EnumAddValueTests(PostgresServer server)
{
    [Fact]
    public async Task A_value_added_and_used_in_one_migration_fails_with_the_servers_hint_and_applies_once_split()
    {
        var db = await server.CreateDatabaseAsync();
        var major = await ServerVersion.MajorAsync(db);
        using var folder = new MigrationFolder();
        folder.Write("1_type.sql", "CREATE TYPE mood AS ENUM ('sad');\n");
        var add = folder.Write("2_add.sql", "ALTER TYPE mood ADD VALUE 'happy';\nCREATE TABLE people (m mood DEFAULT 'happy');\n");

        var failed = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(failed.ExitCode == ExitCodes.MigrationFailed, $"PostgreSQL {major}: {failed}");
        Assert.Contains("2_add.sql:2:37 (statement 2): 55P04: unsafe use of new value \"happy\" of enum type mood", failed.Error, StringComparison.Ordinal);
        Assert.Contains("New enum values must be committed before they can be used", failed.Error, StringComparison.Ordinal);
        Assert.Equal("{sad}", await db.ScalarAsync<string>("SELECT enum_range(NULL::mood)::text"));
        Assert.False((await db.HistoryAsync())[1].Success);

        // The fix a user makes: add the value in one migration, use it in the next (each commits on its own).
        File.WriteAllText(add, "ALTER TYPE mood ADD VALUE 'happy';\n");
        folder.Write("3_use.sql", "CREATE TABLE people (m mood DEFAULT 'happy');\n");
        var fixedRun = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(fixedRun.ExitCode == ExitCodes.Ok, $"PostgreSQL {major}: {fixedRun}");
        Assert.DoesNotContain("outside a transaction", fixedRun.Error, StringComparison.Ordinal);
        Assert.Equal("{sad,happy}", await db.ScalarAsync<string>("SELECT enum_range(NULL::mood)::text"));
        Assert.All(await db.HistoryAsync(), row => Assert.True(row.Success, row.Version));
    }

    [Fact]
    public async Task A_value_added_to_a_type_created_in_the_same_migration_is_usable_from_PostgreSQL_17()
    {
        var db = await server.CreateDatabaseAsync();
        var major = await ServerVersion.MajorAsync(db);
        using var folder = new MigrationFolder();
        folder.Write("1_all.sql", """
            CREATE TYPE mood AS ENUM ('sad');
            ALTER TYPE mood ADD VALUE 'happy';
            CREATE TABLE people (m mood DEFAULT 'happy');
            """);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        if (major >= 17)
        {
            Assert.True(result.ExitCode == ExitCodes.Ok, $"PostgreSQL {major}: {result}");
            await db.ExecuteAsync("INSERT INTO people DEFAULT VALUES");
            Assert.Equal("happy", await db.ScalarAsync<string>("SELECT m::text FROM people"));
        }
        else
        {
            Assert.True(result.ExitCode == ExitCodes.MigrationFailed, $"PostgreSQL {major}: {result}");
            Assert.Contains("1_all.sql:3:37 (statement 3): 55P04: unsafe use of new value \"happy\"", result.Error, StringComparison.Ordinal);
            Assert.False(await db.ScalarAsync<bool>("SELECT to_regtype('mood') IS NOT NULL"));
        }
    }

    [Fact]
    public async Task Without_a_transaction_the_added_value_is_usable_by_the_next_statement_on_every_version()
    {
        var db = await server.CreateDatabaseAsync();
        var major = await ServerVersion.MajorAsync(db);
        await db.ExecuteAsync("CREATE TYPE mood AS ENUM ('sad')");
        using var folder = new MigrationFolder();
        folder.Write("1_add.sql", """
            -- migrate:no-transaction
            ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';
            CREATE TABLE IF NOT EXISTS people (m mood DEFAULT 'happy');
            """);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, $"PostgreSQL {major}: {result}");
        Assert.Contains("1_add.sql runs outside a transaction", result.Error, StringComparison.Ordinal);
        Assert.Equal("{sad,happy}", await db.ScalarAsync<string>("SELECT enum_range(NULL::mood)::text"));
    }
}
