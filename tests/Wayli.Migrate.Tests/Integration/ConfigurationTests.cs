using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>Options from flags, then WAYLI_MIGRATE_* variables, then wayli-migrate.toml; JSON for every outcome.</summary>
public sealed class ConfigurationTests(PostgresServer server) : IDisposable
{
    static readonly Dictionary<string, string> NoEnvironment = [];
    readonly string _project = Directory.CreateTempSubdirectory("wayli-migrate-project-").FullName;

    [Fact]
    public async Task The_config_file_supplies_options_the_environment_overrides_it_and_flags_override_both()
    {
        WriteConfig($"dir = \"/nonexistent/from-file\"\n");
        var environment = new Dictionary<string, string> { ["WAYLI_MIGRATE_DIR"] = Paths.ExampleMigrations };

        var fromFile = await Tool.RunInAsync(_project, NoEnvironment, "validate");
        var fromEnvironment = await Tool.RunInAsync(_project, environment, "validate");
        var fromFlag = await Tool.RunInAsync(_project, new Dictionary<string, string> { ["WAYLI_MIGRATE_DIR"] = "/nonexistent/from-env" },
            "validate", "--dir", Paths.ExampleMigrations);

        Assert.Equal(ExitCodes.Usage, fromFile.ExitCode);
        Assert.Contains("/nonexistent/from-file", fromFile.Error, StringComparison.Ordinal);
        Assert.True(fromEnvironment.ExitCode == ExitCodes.Ok, fromEnvironment.ToString());
        Assert.True(fromFlag.ExitCode == ExitCodes.Ok, fromFlag.ToString());
    }

    [Fact]
    public async Task A_database_url_in_the_config_file_is_used_and_its_password_never_printed()
    {
        var db = await server.CreateDatabaseAsync();
        WriteConfig($"db-url = \"{db.Url}\"\ndir = \"{Paths.ExampleMigrations}\"\nlock-timeout = \"30s\"\ncreate-roles = true\n");

        var migrate = await Tool.RunInAsync(_project, NoEnvironment, "migrate");
        var help = await Tool.RunInAsync(_project, NoEnvironment, "migrate", "--help");

        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.Contains(db.Name, migrate.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(db.Password, migrate.All + help.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dirr = \"x\"\n", "unknown setting 'dirr'")]
    [InlineData("dir = \n", "not valid TOML: (1,")]
    [InlineData("[lint]\nenable = []\n", "unknown setting 'lint.enable'")]
    [InlineData("json = \"perhaps\"\n", "json must be true or false")]
    public async Task A_bad_config_file_is_a_usage_error_that_says_what_is_wrong(string toml, string message)
    {
        WriteConfig(toml);

        var result = await Tool.RunInAsync(_project, NoEnvironment, "validate", "--dir", Paths.ExampleMigrations);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("wayli-migrate.toml", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_from_the_environment_turns_failures_into_a_json_document_too()
    {
        var environment = new Dictionary<string, string> { ["WAYLI_MIGRATE_JSON"] = "true" };

        var result = await Tool.RunInAsync(_project, environment, "migrate", "--dir", Paths.ExampleMigrations);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(ExitCodes.Usage, document.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("usage", error.GetProperty("kind").GetString());
        Assert.Contains("DATABASE_URL", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_json_lists_each_applied_migration_with_its_time()
    {
        var db = await server.CreateDatabaseAsync();

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var applied = document.RootElement.GetProperty("applied").EnumerateArray().ToList();
        Assert.Equal(Directory.GetFiles(Paths.ExampleMigrations, "*.sql").Length, applied.Count);
        Assert.All(applied, step => Assert.True(step.GetProperty("elapsedMs").GetDouble() >= 0));
        Assert.Equal(0, document.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Theory]
    [InlineData("setup")]
    [InlineData("build")]
    public async Task Other_commands_answer_in_json_too(string command)
    {
        var args = command == "build"
            ? new[] { "build", "--dir", Paths.ExampleMigrations, "--out", Path.Combine(_project, "dist"), "--json" }
            : new[] { "setup", "--json" };

        var result = await Tool.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        Assert.Equal(command, document.RootElement.GetProperty("command").GetString());
        Assert.Equal(ExitCodes.Ok, document.RootElement.GetProperty("exitCode").GetInt32());
    }

    void WriteConfig(string toml) => File.WriteAllText(Path.Combine(_project, "wayli-migrate.toml"), toml);

    public void Dispose() => Directory.Delete(_project, recursive: true);
}
