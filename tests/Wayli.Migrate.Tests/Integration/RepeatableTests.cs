using System.Text.Json.Nodes;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 18: repeatable migrations (<c>repeatable/NAME.sql</c>) are applied after every versioned migration, in name
/// order, each in its own transaction with its history row, and again whenever their checksum changes; status, plan,
/// validate, test, lint and bundles know them.
/// </summary>
public sealed class RepeatableTests(PostgresServer server)
{
    static MigrationFolder Project()
    {
        var folder = new MigrationFolder();
        folder.Write("1_trips.sql", "CREATE TABLE trips (id int, name text);\n");
        Directory.CreateDirectory(Path.Combine(folder.Path, "repeatable"));
        // b_ depends on a_: name order is application order.
        folder.Write("repeatable/a_names.sql", "CREATE OR REPLACE VIEW trip_names AS SELECT name FROM trips;\n");
        folder.Write("repeatable/b_count.sql", "CREATE OR REPLACE FUNCTION trip_name_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM trip_names $$;\n");
        return folder;
    }

    [Fact]
    public async Task Repeatables_apply_after_the_versioned_migrations_in_name_order_and_again_only_when_they_change()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = Project();

        var first = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var rowsAfterFirst = await db.HistorySnapshotAsync();
        var second = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        folder.Write("repeatable/a_names.sql", "CREATE OR REPLACE VIEW trip_names AS SELECT name, id FROM trips;\n");
        var status = await Tool.RunAsync("status", "--db-url", db.Url, "--dir", folder.Path);
        var plan = await Tool.RunAsync("plan", "--db-url", db.Url, "--dir", folder.Path);
        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);
        var third = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--json");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        var order = new[] { "applying 1_trips.sql", "applying repeatable/a_names.sql", "applying repeatable/b_count.sql" }
            .Select(s => first.Output.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.True(order.All(i => i >= 0) && order.SequenceEqual(order.Order()), first.Output);
        Assert.Contains("(repeatable/a_names.sql,a_names,", rowsAfterFirst, StringComparison.Ordinal);
        Assert.Contains("nothing pending", second.Output, StringComparison.Ordinal);
        Assert.Matches(@"pending\s+repeatable/a_names\.sql\s+a_names\s+changed since it was last applied", status.Output);
        Assert.Matches(@"applied\s+repeatable/b_count\.sql", status.Output);
        Assert.Contains("[1/1] would apply repeatable/a_names.sql (in one transaction)", plan.Output, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
        Assert.True(third.ExitCode == ExitCodes.Ok, third.ToString());
        var applied = JsonNode.Parse(third.Output)!["applied"]!.AsArray().Select(a => a!["file"]!.GetValue<string>());
        Assert.Equal(["repeatable/a_names.sql"], applied);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'trip_names'"));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM database_migrations WHERE success"));
    }

    [Fact]
    public async Task A_failing_repeatable_stops_the_run_keeps_the_last_good_application_and_is_retried()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = Project();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        var good = await db.ScalarAsync<string>("SELECT checksum FROM database_migrations WHERE version = 'repeatable/a_names.sql'");
        folder.Write("repeatable/a_names.sql", "CREATE OR REPLACE VIEW trip_names AS SELECT nope FROM trips;\n");

        var failed = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var kept = await db.ScalarAsync<string>("SELECT checksum FROM database_migrations WHERE version = 'repeatable/a_names.sql'");
        folder.Write("repeatable/a_names.sql", "CREATE OR REPLACE VIEW trip_names AS SELECT name, id FROM trips;\n");
        var fixedRun = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(failed.ExitCode == ExitCodes.MigrationFailed, failed.ToString());
        Assert.Contains("repeatable/a_names.sql:1:45 (statement 1): 42703", failed.Error, StringComparison.Ordinal);
        Assert.Equal(good, kept);
        Assert.True(fixedRun.ExitCode == ExitCodes.Ok, fixedRun.ToString());
    }

    [Fact]
    public async Task Bundles_carry_repeatables_verified_like_migrations_and_a_format_1_bundle_is_still_read()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = Project();
        using var dist = new MigrationFolder();
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("build", "--dir", folder.Path, "--out", dist.Path)).ExitCode);
        var bundle = Path.Combine(dist.Path, "migrations.bundle.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(bundle, TestContext.Current.CancellationToken))!;

        var run = await Tool.RunAsync("run", "--db-url", db.Url, "--bundle", bundle);
        json["repeatables"]![0]!["content"] = "CREATE OR REPLACE VIEW trip_names AS SELECT 1 AS tampered;\n";
        var tampered = Path.Combine(dist.Path, "tampered.json");
        await File.WriteAllTextAsync(tampered, json.ToJsonString(), TestContext.Current.CancellationToken);
        var refused = await Tool.RunAsync("run", "--db-url", db.Url, "--bundle", tampered);
        using var versionedOnly = new MigrationFolder();
        versionedOnly.Write("1_trips.sql", "CREATE TABLE trips (id int, name text);\n");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("build", "--dir", versionedOnly.Path, "--out", versionedOnly.Path)).ExitCode);
        var oldFormat = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(versionedOnly.Path, "migrations.bundle.json"), TestContext.Current.CancellationToken))!;

        Assert.Equal(2, json["formatVersion"]!.GetValue<int>());
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("applying repeatable/b_count.sql", run.Output, StringComparison.Ordinal);
        Assert.True(refused.ExitCode == ExitCodes.Validation, refused.ToString());
        Assert.Contains("repeatable/a_names.sql: its content was altered", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, oldFormat["formatVersion"]!.GetValue<int>());
        Assert.Null(oldFormat["repeatables"]);
        var oldRun = await Tool.RunAsync("status", "--db-url", db.Url, "--bundle", Path.Combine(versionedOnly.Path, "migrations.bundle.json"));
        Assert.True(oldRun.ExitCode == ExitCodes.Ok, oldRun.ToString());
    }

    [Fact]
    public async Task Test_proves_repeatables_idempotent_and_lint_checks_them()
    {
        using var folder = Project();
        folder.Write("repeatable/c_seed.sql", "INSERT INTO trips VALUES (1, 'again');\n");

        var test = await Tool.RunAsync("test", "--dir", folder.Path);
        var lint = await Tool.RunAsync("lint", "--dir", folder.Path);

        Assert.True(test.ExitCode == ExitCodes.Validation, test.ToString());
        Assert.Contains("idempotent        repeatable/a_names.sql", test.Output, StringComparison.Ordinal);
        Assert.Contains("CHANGES ON RE-RUN repeatable/c_seed.sql", test.Output, StringComparison.Ordinal);
        Assert.Contains("repeatable/c_seed.sql:1:1: error WM109", lint.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_badly_named_callback_or_repeatable_file_is_a_problem_named_by_file()
    {
        using var folder = Project();
        Directory.CreateDirectory(Path.Combine(folder.Path, "callbacks"));
        folder.Write("callbacks/afterDeploy.sql", "SELECT 1;\n");
        folder.Write("repeatable/views.SQL", "SELECT 1;\n");

        var validate = await Tool.RunAsync("validate", "--dir", folder.Path);

        Assert.True(validate.ExitCode == ExitCodes.Validation, validate.ToString());
        Assert.Contains("callbacks/afterDeploy.sql: not a callback name: it must be beforeMigrate, afterEachMigrate or afterMigrate", validate.Error, StringComparison.Ordinal);
        Assert.Contains("repeatable/views.SQL: a repeatable migration's name must end in '.sql'", validate.Error, StringComparison.Ordinal);
    }
}
