using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Versions;

/// <summary>
/// <c>transaction_timeout</c> exists from PostgreSQL 17. A migration that sets it applies there; on 15 and 16 it
/// fails with the server's own message, located at the <c>SET</c>, and nothing of it stays. Each migration starts
/// from a reset session, so a timeout one file sets does not reach the next.
/// </summary>
public sealed class TransactionTimeoutTests(PostgresServer server)
{
    [Fact]
    public async Task Setting_transaction_timeout_applies_from_PostgreSQL_17_and_fails_clearly_before()
    {
        var db = await server.CreateDatabaseAsync();
        var major = await ServerVersion.MajorAsync(db);
        using var folder = new MigrationFolder();
        folder.Write("1_timeout.sql", "SET transaction_timeout = '5s';\nCREATE TABLE limited (id int);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        var row = Assert.Single(await db.HistoryAsync());
        if (major >= 17)
        {
            Assert.True(result.ExitCode == ExitCodes.Ok, $"PostgreSQL {major}: {result}");
            Assert.True(row.Success);
            Assert.True(await db.ExistsAsync("public.limited"));
        }
        else
        {
            Assert.True(result.ExitCode == ExitCodes.MigrationFailed, $"PostgreSQL {major}: {result}");
            Assert.Contains("1_timeout.sql:1:1 (statement 1): 42704: unrecognized configuration parameter \"transaction_timeout\"",
                result.Error, StringComparison.Ordinal);
            Assert.False(row.Success);
            Assert.Contains("transaction_timeout", row.Error, StringComparison.Ordinal);
            Assert.False(await db.ExistsAsync("public.limited"));
        }
    }

    [Fact]
    public async Task A_transaction_timeout_set_by_one_migration_does_not_reach_the_next()
    {
        var db = await server.CreateDatabaseAsync();
        var major = await ServerVersion.MajorAsync(db);
        using var folder = new MigrationFolder();
        folder.Write("1_set.sql", "SET transaction_timeout = '1min';\n");
        folder.Write("2_check.sql", """
            DO $$
            BEGIN
              IF current_setting('transaction_timeout') <> '0' THEN
                RAISE EXCEPTION 'transaction_timeout leaked from the previous migration: %', current_setting('transaction_timeout');
              END IF;
            END
            $$;
            """);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        if (major >= 17)
        {
            Assert.True(result.ExitCode == ExitCodes.Ok, $"PostgreSQL {major}: {result}");
            Assert.Equal(2, (await db.HistoryAsync()).Count(r => r.Success));
        }
        else
        {
            Assert.True(result.ExitCode == ExitCodes.MigrationFailed, $"PostgreSQL {major}: {result}");
            Assert.Contains("1_set.sql:1:1 (statement 1): 42704", result.Error, StringComparison.Ordinal);
            Assert.False(Assert.Single(await db.HistoryAsync()).Success);
        }
    }

    [Fact]
    public async Task A_transaction_timeout_that_fires_fails_the_migration_and_a_fixed_file_then_applies()
    {
        var db = await server.CreateDatabaseAsync();
        var major = await ServerVersion.MajorAsync(db);
        using var folder = new MigrationFolder();
        folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        var slow = folder.Write("2_slow.sql", "SET transaction_timeout = '200ms';\nCREATE TABLE slow_table (id int);\nSELECT pg_sleep(2);\n");

        var failed = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        if (major < 17)
        {
            Assert.True(failed.ExitCode == ExitCodes.MigrationFailed, $"PostgreSQL {major}: {failed}");
            Assert.Contains("2_slow.sql:1:1 (statement 1): 42704", failed.Error, StringComparison.Ordinal);
        }
        else
        {
            // The server ends the whole session (FATAL 25P04), not just the statement: a lost connection.
            Assert.True(failed.ExitCode is ExitCodes.MigrationFailed or ExitCodes.Connection, $"PostgreSQL {major}: {failed}");
            Assert.Contains("transaction timeout", failed.Error, StringComparison.Ordinal);
        }
        Assert.True(await db.ExistsAsync("public.first_table"));
        Assert.False(await db.ExistsAsync("public.slow_table"));

        File.WriteAllText(slow, "CREATE TABLE slow_table (id int);\n");
        var fixedRun = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(fixedRun.ExitCode == ExitCodes.Ok, $"PostgreSQL {major}: {fixedRun}");
        Assert.True(await db.ExistsAsync("public.slow_table"));
        Assert.All(await db.HistoryAsync(), row => Assert.True(row.Success, row.Version));
    }
}
