using Wayli.Migrate.Cli;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Runs alone: transaction ids are shared by the whole cluster, so "no transaction id was used" only proves
/// "nothing was written" when no other test is writing at the same time.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class NoWriteTests(PostgresServer server)
{
    [Fact]
    public async Task Second_run_applies_nothing_and_writes_nothing()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations)).ExitCode);
        var history = await db.HistorySnapshotAsync();
        var nextXid = await db.NextTransactionIdAsync();

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Single(result.Output.Trim().Split('\n'));
        Assert.Contains("up to date", result.Output, StringComparison.Ordinal);
        Assert.Equal(history, await db.HistorySnapshotAsync());
        // No transaction id was assigned by the run: it wrote nothing at all.
        Assert.Equal(nextXid, await db.NextTransactionIdAsync());
    }

    [Fact]
    public async Task Plan_from_the_library_uses_no_transaction_id()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_one.sql", "CREATE TABLE one (id int);\n");
        var nextXid = await db.NextTransactionIdAsync();

        var plan = await new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = db.Url, Directory = folder.Path })
            .PlanAsync(withSql: true, TestContext.Current.CancellationToken);

        Assert.Single(plan.Steps);
        Assert.Equal(nextXid, await db.NextTransactionIdAsync());
    }
}
