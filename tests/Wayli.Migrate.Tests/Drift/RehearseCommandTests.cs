using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Drift;

/// <summary>
/// <c>plan --rehearse</c> as a command: a pending migration that fails on the rehearsal is reported where it fails
/// (exit 1) and nothing after it is rehearsed; a target changed by hand is said and still rehearsed; <c>--fail-on</c>
/// picks the level that fails CI; the options that only mean something with <c>--rehearse</c> are refused without it.
/// </summary>
public sealed class RehearseCommandTests(PostgresServer server)
{
    const string Base = "CREATE TABLE IF NOT EXISTS public.trips (id int PRIMARY KEY, title text);\n";

    [Fact]
    public async Task A_pending_migration_that_fails_is_located_and_nothing_after_it_is_rehearsed()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_base.sql", Base);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        folder.Write("20250102000000_ok.sql", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS note text;\n");
        folder.Write("20250103000000_broken.sql", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS done bool;\n\nUPDATE public.trips SET missing = 1;\n");
        folder.Write("20250104000000_after.sql", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS later int;\n");
        var history = await db.HistorySnapshotAsync();
        var schema = await db.FingerprintAsync();

        var result = await Tool.RunAsync("plan", "--rehearse", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url(), "--json");

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var migrations = document.RootElement.GetProperty("migrations").EnumerateArray().ToList();
        Assert.Equal(["20250102000000_ok.sql", "20250103000000_broken.sql"], migrations.Select(m => m.GetProperty("file").GetString()));
        var error = migrations[1].GetProperty("error");
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal("42703", error.GetProperty("sqlState").GetString());
        Assert.Equal(history, await db.HistorySnapshotAsync());
        Assert.Equal(schema, await db.FingerprintAsync());
        var text = await Tool.RunAsync("plan", "--rehearse", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url());
        Assert.Contains("FAILED: 20250103000000_broken.sql fails on the rehearsal database (", text.Output, StringComparison.Ordinal);
        Assert.Contains("20250103000000_broken.sql:3:", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_changed_by_hand_is_said_and_still_rehearsed()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_base.sql", Base);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        await db.ExecuteAsync("CREATE INDEX trips_title_idx ON public.trips (title)");
        folder.Write("20250102000000_not_null.sql", "ALTER TABLE public.trips ALTER COLUMN title SET NOT NULL;\n");

        var result = await Tool.RunAsync("plan", "--rehearse", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url(), "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var difference = document.RootElement.GetProperty("differences").EnumerateArray().Single();
        Assert.Equal("public.trips.trips_title_idx", difference.GetProperty("identity").GetString());
        Assert.Equal("high", document.RootElement.GetProperty("migrations").EnumerateArray().Single().GetProperty("risk").GetString());
        var text = await Tool.RunAsync("plan", "--rehearse", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url());
        Assert.Contains("differs from what its applied migrations make in 1 object(s)", text.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS note text;", "medium", ExitCodes.Ok, ExitCodes.Validation)]
    [InlineData("ALTER TABLE public.trips ALTER COLUMN title SET NOT NULL;", "high", ExitCodes.Validation, ExitCodes.Validation)]
    [InlineData("CREATE TABLE IF NOT EXISTS public.notes (id int);", "none", ExitCodes.Ok, ExitCodes.Ok)]
    public async Task Fail_on_exits_3_at_or_above_its_level(string sql, string risk, int onHigh, int onMedium)
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_base.sql", Base);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        folder.Write("20250102000000_change.sql", sql + "\n");
        string[] rehearse = ["plan", "--rehearse", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url()];

        var plain = await Tool.RunAsync([.. rehearse]);
        var high = await Tool.RunAsync([.. rehearse, "--fail-on", "high"]);
        var medium = await Tool.RunAsync([.. rehearse, "--fail-on", "medium"]);

        Assert.True(plain.ExitCode == ExitCodes.Ok, plain.ToString());
        Assert.Contains($"Highest risk: {risk}", plain.Output, StringComparison.Ordinal);
        Assert.Equal((onHigh, onMedium), (high.ExitCode, medium.ExitCode));
    }

    [Fact]
    public async Task A_history_migrate_would_refuse_is_refused_before_anything_is_rehearsed()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_base.sql", Base);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        folder.Write("20250101000000_base.sql", Base + "-- edited after it was applied\nSELECT 1;\n");
        folder.Write("20250102000000_next.sql", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS note text;\n");

        var result = await Tool.RunAsync("plan", "--rehearse", "--db-url", db.Url, "--dir", folder.Path, "--scratch-url", server.Cluster.Url());

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("REFUSED: migrate would not run (", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("20250102000000_next.sql:", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fail-on", "high")]
    [InlineData("--format", "markdown")]
    public async Task Rehearsal_options_without_rehearse_are_usage_errors(string option, string value)
    {
        using var folder = new MigrationFolder();
        var result = await Tool.RunAsync("plan", "--dir", folder.Path, option, value);
        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--fail-on and --format go with --rehearse", result.Error, StringComparison.Ordinal);
    }
}
