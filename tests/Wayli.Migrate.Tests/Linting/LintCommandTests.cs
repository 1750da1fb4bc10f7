using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Linting;

public sealed class LintCommandTests
{
    [Fact]
    public async Task Sarif_output_is_sarif_2_1_0_with_rules_results_and_locations()
    {
        using var folder = new LintFolder();
        var file = folder.Add("-- trips\nCREATE TABLE public.trips (id bigint);\n", "trips");

        var result = await Tool.RunAsync("lint", "--dir", folder.Path, "--format", "sarif");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        using var sarif = JsonDocument.Parse(result.Output);
        var root = sarif.RootElement;
        Assert.Contains("sarif", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("wayli-migrate", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "WM101");
        Assert.All(rules, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("help").GetProperty("text").GetString()));
        });
        var finding = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("WM101", finding.GetProperty("ruleId").GetString());
        Assert.Equal("error", finding.GetProperty("level").GetString());
        Assert.Contains("Fix: CREATE TABLE IF NOT EXISTS public.trips (id bigint)", finding.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        var location = finding.GetProperty("locations")[0].GetProperty("physicalLocation");
        var uri = location.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
        Assert.Equal(Path.GetRelativePath(Directory.GetCurrentDirectory(), file).Replace('\\', '/'), uri);
        Assert.False(Path.IsPathRooted(uri));
        Assert.Equal(2, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(1, location.GetProperty("region").GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public async Task Text_output_is_compiler_style_with_the_fix_and_a_summary()
    {
        using var folder = new LintFolder();
        folder.Add("INSERT INTO t VALUES (1);\n", "seed");

        var result = await Tool.RunAsync("lint", "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"20250101000000_seed\.sql:1:1: error WM109: INSERT into t has no ON CONFLICT", lines[0]);
        Assert.Equal("  fix: INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", lines[1]);
        Assert.Equal("1 file(s) linted: 1 error(s), 0 warning(s).", lines[^1]);
    }

    [Fact]
    public async Task Json_output_is_one_document_with_every_finding()
    {
        using var folder = new LintFolder();
        folder.Add("DROP TABLE a;\nDROP TABLE b;\n");

        var result = await Tool.RunAsync("lint", "--dir", folder.Path, "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(2, json.RootElement.GetProperty("errors").GetInt32());
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal([1, 2], findings.Select(f => f.GetProperty("line").GetInt32()));
        Assert.All(findings, f => Assert.Equal("drop-without-if-exists", f.GetProperty("rule").GetString()));
        Assert.Equal("DROP TABLE IF EXISTS b", findings[1].GetProperty("fix").GetString());
    }

    [Fact]
    public async Task Warnings_alone_exit_0()
    {
        using var folder = new LintFolder();
        folder.Add("CREATE INDEX IF NOT EXISTS t_a_idx ON t (a);\n");

        var result = await Tool.RunAsync("lint", "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("warning WM201", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_turns_rules_off_and_may_be_repeated_or_comma_separated()
    {
        using var folder = new LintFolder();
        folder.Add("CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nCREATE INDEX IF NOT EXISTS u_a_idx ON u (a);\n");

        var repeated = await Tool.RunAsync("lint", "--dir", folder.Path, "--disable", "WM101", "--disable", "WM109");
        var commas = await Tool.RunAsync("lint", "--dir", folder.Path, "--disable", "WM101,WM109,WM201");

        Assert.True(repeated.ExitCode == ExitCodes.Ok, repeated.ToString());
        Assert.Contains("0 error(s), 1 warning(s)", repeated.Output, StringComparison.Ordinal);
        Assert.True(commas.ExitCode == ExitCodes.Ok, commas.ToString());
        Assert.Contains("no findings", commas.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--disable", "WM1O1")]
    [InlineData("--disable", "WM002")]
    [InlineData("--format", "xml")]
    public async Task A_bad_option_value_is_a_usage_error(string option, string value)
    {
        using var folder = new LintFolder();
        folder.Add("SELECT 1;\n");

        var result = await Tool.RunAsync("lint", "--dir", folder.Path, option, value);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(value, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_problem_fails_lint_with_exit_3()
    {
        using var folder = new LintFolder();
        folder.AddNamed("v2_bad_name.sql", "SELECT 1;\n");

        var result = await Tool.RunAsync("lint", "--dir", folder.Path, "--format", "sarif");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.Contains("\"WM001\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error()
    {
        var result = await Tool.RunAsync("lint", "--dir", Path.Combine(Path.GetTempPath(), "wayli-lint-missing-" + Guid.NewGuid().ToString("N")));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    public async Task The_example_set_lints_clean_in_every_format(string format)
    {
        var result = await Tool.RunAsync("lint", "--dir", Paths.ExampleMigrations, "--format", format);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        if (format == "sarif")
        {
            using var sarif = JsonDocument.Parse(result.Output);
            Assert.Equal(0, sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
        }
    }
}
