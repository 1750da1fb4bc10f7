using Npgsql;
using Wayli.Migrate.History;
using Wayli.Migrate.Infrastructure;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.History;

/// <summary>The history table's SQL, against a real PostgreSQL: the shapes it recognises, and how each row is written.</summary>
public sealed class HistoryStoreTests(PostgresServer server)
{
    static readonly HistoryStore Store = new(new HistoryTable());

    static Migration Migration(string fileName, string sql = "SELECT 1;\n")
    {
        var name = MigrationFileName.TryParse(fileName, out var problem) ?? throw new InvalidOperationException(problem);
        var problems = new List<SourceProblem>();
        return TestMigrations.Parse(name, fileName, fileName, System.Text.Encoding.UTF8.GetBytes(sql), problems)!;
    }

    static async Task InstallAsync(TestDatabase db) => await db.RunScriptAsync(InfrastructureScript.Bootstrap(new HistoryTable()));

    [Fact]
    public async Task Inspect_tells_a_missing_a_current_an_old_and_a_foreign_table_apart()
    {
        var missing = await server.CreateDatabaseAsync();
        var current = await server.CreateDatabaseAsync();
        await InstallAsync(current);
        var old = await server.CreateDatabaseAsync();
        await old.ExecuteAsync("CREATE TABLE public.database_migrations (version varchar(20) PRIMARY KEY, name varchar(255) NOT NULL, "
            + "checksum varchar(32) NOT NULL, applied_at timestamptz DEFAULT now(), execution_time_ms integer, error_message text)");
        var foreign = await server.CreateDatabaseAsync();
        await foreign.ExecuteAsync("CREATE TABLE public.database_migrations (id serial PRIMARY KEY, script text NOT NULL, installed_rank int NOT NULL)");

        Assert.Equal(HistoryShape.Missing, await InspectAsync(missing));
        Assert.Equal(HistoryShape.Current, await InspectAsync(current));
        Assert.Equal(HistoryShape.NeedsUpgrade, await InspectAsync(old));
        Assert.Equal(HistoryShape.Incompatible, await InspectAsync(foreign));
    }

    [Fact]
    public void Rows_of_one_kind_share_one_INSERT_text_and_differ_only_in_their_parameters()
    {
        // A pipeline holds a history INSERT per migration; its text is longer than most migrations.
        var store = new HistoryStore(new HistoryTable());
        var first = store.RecordSuccess(Migration("20250101000000_first.sql"), "20250101000000");
        var second = store.RecordSuccess(Migration("20250101000100_second.sql", "SELECT 2;\n"), "20250101000100");
        var timed = store.RecordSuccess(Migration("20250101000200_third.sql"), "20250101000200", executionTimeMs: 5);

        Assert.Same(first.CommandText, second.CommandText);
        Assert.NotEqual(first.CommandText, timed.CommandText);
        Assert.Equal(["20250101000000", "first"], first.Parameters.Take(2).Select(p => p.Value));
        Assert.Equal(["20250101000100", "second"], second.Parameters.Take(2).Select(p => p.Value));
    }

    [Fact]
    public async Task A_success_is_written_in_the_callers_transaction_and_reads_back_whole()
    {
        var db = await server.CreateDatabaseAsync();
        await InstallAsync(db);
        var migration = Migration("20250101000000_first.sql");
        await using var connection = await db.OpenAsync();

        await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { new("BEGIN"), Store.RecordSuccess(migration, "20250101000000"), new("ROLLBACK") } })
            await batch.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        var afterRollback = await Store.ReadAsync(connection, HistoryShape.Current, TestContext.Current.CancellationToken);
        await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { Store.RecordSuccess(migration, "20250101000000", executionTimeMs: 42) } })
            await batch.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        var row = Assert.Single(await Store.ReadAsync(connection, HistoryShape.Current, TestContext.Current.CancellationToken));

        Assert.Empty(afterRollback);
        Assert.Equal(("20250101000000", "first", migration.Checksum, 42, true), (row.VersionText, row.Name, row.Checksum, row.ExecutionTimeMs, row.Success));
        Assert.Equal(("postgres", ToolVersion.Current, "migrate"), (row.InstalledBy, row.ToolVersion, row.RecordedBy));
        Assert.Null(row.ErrorMessage);
        Assert.NotNull(row.AppliedAt);
    }

    [Fact]
    public async Task A_failure_replaces_an_earlier_failure_but_never_an_applied_row()
    {
        var db = await server.CreateDatabaseAsync();
        await InstallAsync(db);
        var failing = Migration("1_failing.sql");
        var applied = Migration("2_applied.sql");
        await using var connection = await db.OpenAsync();
        var token = TestContext.Current.CancellationToken;
        await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { Store.RecordSuccess(applied, "2") } })
            await batch.ExecuteNonQueryAsync(token);

        await Store.RecordFailureAsync(connection, failing, "1", "first error", 5, token);
        await Store.RecordFailureAsync(connection, failing, "1", "second error", 7, token);
        await Store.RecordFailureAsync(connection, applied, "2", "late error", 9, token);
        var rows = (await Store.ReadAsync(connection, HistoryShape.Current, token)).ToDictionary(r => r.VersionText);

        Assert.Equal((false, "second error", 7), (rows["1"].Success, rows["1"].ErrorMessage, rows["1"].ExecutionTimeMs));
        Assert.Equal((true, (string?)null), (rows["2"].Success, rows["2"].ErrorMessage));
    }

    [Fact]
    public async Task Maintenance_changes_are_made_together_or_not_at_all()
    {
        var db = await server.CreateDatabaseAsync();
        await InstallAsync(db);
        var first = Migration("1_first.sql");
        await using var connection = await db.OpenAsync();
        var token = TestContext.Current.CancellationToken;
        HistoryChange[] changes =
        [
            new(HistoryChangeKind.RecordApplied, "1", "first", first, "baseline"),
            // The same version twice: the second insert violates the primary key, so the first must not stay either.
            new(HistoryChangeKind.RecordApplied, "1", "first", first, "baseline"),
        ];

        await Assert.ThrowsAsync<PostgresException>(() => Store.ApplyChangesAsync(connection, changes, "baseline", token));
        var afterFailure = await Store.ReadAsync(connection, HistoryShape.Current, token);
        await Store.ApplyChangesAsync(connection, changes[..1], "baseline", token);
        var row = Assert.Single(await Store.ReadAsync(connection, HistoryShape.Current, token));

        Assert.Empty(afterFailure);
        Assert.Equal(("1", "baseline", (int?)null), (row.VersionText, row.RecordedBy, row.ExecutionTimeMs));
    }

    [Fact]
    public async Task The_original_services_table_reads_before_it_is_upgraded()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE public.database_migrations (version varchar(20) PRIMARY KEY, name varchar(255) NOT NULL, "
            + "checksum varchar(32) NOT NULL, applied_at timestamptz DEFAULT now(), execution_time_ms integer, error_message text);"
            + "INSERT INTO public.database_migrations (version, name, checksum) VALUES ('20240101000000', 'init', 'd41d8cd98f00b204e9800998ecf8427e')");
        await using var connection = await db.OpenAsync();

        var row = Assert.Single(await Store.ReadAsync(connection, HistoryShape.NeedsUpgrade, TestContext.Current.CancellationToken));

        Assert.Equal(("20240101000000", "init", true, (string?)null), (row.VersionText, row.Name, row.Success, row.RecordedBy));
    }

    static async Task<HistoryShape> InspectAsync(TestDatabase db)
    {
        await using var connection = await db.OpenAsync();
        return await Store.InspectAsync(connection, TestContext.Current.CancellationToken);
    }
}
