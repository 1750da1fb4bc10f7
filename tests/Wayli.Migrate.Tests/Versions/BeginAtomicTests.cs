using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Versions;

/// <summary>
/// SQL-standard function bodies (<c>BEGIN ATOMIC … END</c>, PostgreSQL 14 and later, so every supported version) hold
/// semicolons that do not end the statement, and a <c>CASE … END</c> inside them must not close the body early. The
/// lexer keeps each body in one statement, so the file runs in one transaction as one batch, or statement by
/// statement, and errors after a body are located on the right line.
/// </summary>
public sealed class BeginAtomicTests(PostgresServer server)
{
    const string Functions = """
        CREATE TABLE scores (id int, score int);
        CREATE FUNCTION grade(score int) RETURNS text LANGUAGE sql
        BEGIN ATOMIC
          SELECT CASE WHEN score >= 50 THEN 'pass' ELSE 'fail' END;
        END;
        CREATE PROCEDURE add_scores(s int) LANGUAGE sql
        BEGIN ATOMIC
          INSERT INTO scores VALUES (1, s);
          INSERT INTO scores VALUES (2, s + 1);
        END;
        CALL add_scores(60);

        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Begin_atomic_bodies_apply_whole_in_a_transaction_or_statement_by_statement(bool inTransaction)
    {
        var db = await server.CreateDatabaseAsync();
        var major = await ServerVersion.MajorAsync(db);
        using var folder = new MigrationFolder();
        folder.Write("1_atomic.sql", (inTransaction ? "" : "-- migrate:no-transaction\n") + Functions);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, $"PostgreSQL {major}: {result}");
        Assert.Equal(!inTransaction, result.Error.Contains("1_atomic.sql runs outside a transaction", StringComparison.Ordinal));
        Assert.Equal("pass fail", await db.ScalarAsync<string>("SELECT grade(60) || ' ' || grade(10)"));
        Assert.Equal("60,61", await db.ScalarAsync<string>("SELECT string_agg(score::text, ',' ORDER BY id) FROM scores"));
        // Stored as a parsed SQL-standard body, not as a string: the server saw BEGIN ATOMIC whole.
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_proc WHERE proname IN ('grade', 'add_scores') AND prosqlbody IS NOT NULL"));
        Assert.True(Assert.Single(await db.HistoryAsync()).Success);
    }

    [Fact]
    public async Task A_failure_after_begin_atomic_bodies_names_its_statement_and_line()
    {
        var db = await server.CreateDatabaseAsync();
        var major = await ServerVersion.MajorAsync(db);
        using var folder = new MigrationFolder();
        folder.Write("1_atomic.sql", Functions + "SELECT grade(score) FROM missing_scores;\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, $"PostgreSQL {major}: {result}");
        Assert.Contains("1_atomic.sql:12:26 (statement 5): 42P01: relation \"missing_scores\" does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.scores"));
    }
}
