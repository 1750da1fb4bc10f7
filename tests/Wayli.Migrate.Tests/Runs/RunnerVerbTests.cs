using Wayli.Migrate.Failures;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Runs;

/// <summary>The runner's verbs called directly, as a .NET application calls them: results, refusals, and the names messages use.</summary>
public sealed class RunnerVerbTests(PostgresServer server)
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_stops_at_a_failure_and_its_result_says_where_every_version_stands_after_the_run()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_one.sql", "CREATE TABLE one (id int);\n");
        folder.Write("2_two.sql", "SELECT 1/0;\n");
        folder.Write("3_three.sql", "CREATE TABLE three (id int);\n");
        var runner = new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = db.Url, Directory = folder.Path });

        var result = await runner.MigrateAsync(Token);

        Assert.False(result.Succeeded);
        Assert.Equal(["1"], result.Applied.Select(a => a.Version));
        Assert.Equal(("2", "22012"), (result.Failed!.Version, result.Failed.Error.SqlState));
        Assert.Equal(["1:Applied", "2:Failed", "3:Pending"], result.Plan.Entries.Select(e => $"{e.VersionText}:{e.State}"));
        Assert.Equal(["1:Pending", "2:Pending", "3:Pending"], result.Planned.Entries.Select(e => $"{e.VersionText}:{e.State}"));
        Assert.Contains("division by zero", result.Plan.Entries[1].Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.three"));
    }

    [Fact]
    public async Task Files_with_problems_are_refused_before_connecting_with_every_problem_listed()
    {
        using var folder = new MigrationFolder();
        folder.Write("1_one.sql", "SELECT 'unterminated;\n");
        folder.Write("nonsense.sql", "SELECT 1;\n");
        // No server listens there: the refusal must come before any attempt to connect.
        var runner = new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = "postgres://nobody@127.0.0.1:1/none", Directory = folder.Path });

        var refused = await Assert.ThrowsAsync<SourceProblemsException>(() => runner.MigrateAsync(Token));

        Assert.Equal(FailureKind.Validation, refused.Kind);
        Assert.Equal(2, refused.Problems.Count);
        Assert.Contains(refused.Problems, p => p.File.EndsWith("1_one.sql", StringComparison.Ordinal) && p.Line == 1);
        Assert.Contains(refused.Problems, p => p.File.EndsWith("nonsense.sql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Engine_messages_name_the_options_record_for_a_library_user()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        var file = folder.Write("1_one.sql", "CREATE TABLE one (id int);\n");
        var runner = new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = db.Url, Directory = folder.Path });
        await runner.MigrateAsync(Token);
        await File.WriteAllTextAsync(file, "CREATE TABLE one (id bigint);\n", Token);

        var drifted = await runner.MigrateAsync(Token);
        var missingFolder = await Assert.ThrowsAsync<MigrateException>(
            () => new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = db.Url, Directory = folder.Path + "-gone" }).StatusAsync(Token));
        var noDatabase = await Assert.ThrowsAsync<MigrateException>(() => new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, Directory = folder.Path }).StatusAsync(Token));

        Assert.True(drifted.Planned.IsBlocked);
        Assert.Contains("MigrationOptions.AllowDrift to go on anyway", Assert.Single(drifted.Planned.Findings).Message, StringComparison.Ordinal);
        Assert.Contains("give another with MigrationOptions.Directory", missingFolder.Message, StringComparison.Ordinal);
        Assert.Contains("MigrationOptions.DatabaseUrl", noDatabase.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", drifted.Planned.Findings[0].Message + missingFolder.Message + noDatabase.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_and_validate_change_nothing_and_validate_needs_no_database()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_one.sql", "CREATE TABLE one (id int);\n");
        folder.Write("2_index.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS one_id ON one (id);\n");
        // The catalog, not the transaction counter: ids are shared by the whole cluster and other tests run
        // beside this one (NoWriteTests proves "no transaction id at all" while running alone).
        var before = await db.FingerprintAsync();

        var plan = await new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = db.Url, Directory = folder.Path }).PlanAsync(withSql: true, Token);
        var filesOnly = await new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, Directory = folder.Path }).ValidateAsync(Token);

        Assert.Equal(before, await db.FingerprintAsync());
        Assert.False(await db.ExistsAsync("public.database_migrations"));
        Assert.Equal([true, false], plan.Steps.Select(s => s.InTransaction));
        Assert.Contains("CREATE INDEX CONCURRENTLY", plan.Steps[1].Reason, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO \"public\".\"database_migrations\"", plan.Steps[0].Sql, StringComparison.Ordinal);
        Assert.NotNull(plan.InstallSql);
        Assert.True(filesOnly.Valid);
        Assert.Null(filesOnly.Status);
        Assert.Equal(2, filesOnly.Files);
    }

    [Fact]
    public async Task Many_databases_go_through_the_same_migrate_and_a_bad_url_stops_the_run_before_any_database()
    {
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_one.sql", "CREATE TABLE one (id int);\n");
        var runner = new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, Directory = folder.Path });

        var result = await runner.MigrateManyAsync([first.Url, second.Url], parallel: 2, cancellationToken: Token);
        var badUrl = await Assert.ThrowsAsync<MigrateException>(() => runner.MigrateManyAsync([first.Url, "postgres://x:y@[nonsense"], cancellationToken: Token));

        Assert.Equal(2, result.Succeeded);
        Assert.All(result.Outcomes, o => Assert.Equal(MigrationState.Applied, Assert.Single(o.Result!.Plan.Entries).State));
        Assert.True(await second.ExistsAsync("public.one"));
        Assert.Equal(FailureKind.Usage, badUrl.Kind);
    }
}
