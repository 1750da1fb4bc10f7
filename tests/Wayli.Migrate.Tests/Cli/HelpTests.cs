using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Cli;

/// <summary>Every command explains itself with examples; --version answers.</summary>
public sealed class HelpTests
{
    public static TheoryData<string> Commands()
    {
        var root = CliApp.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, _ => null, Directory.GetCurrentDirectory()));
        return new TheoryData<string>(root.Subcommands.Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_has_help_with_examples(string command)
    {
        var result = await Tool.RunAsync(command, "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Examples:", result.Output, StringComparison.Ordinal);
        Assert.Contains($"wayli-migrate {command}", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_placeholder_is_written_in_capitals(string command)
    {
        var result = await Tool.RunAsync(command, "--help");

        var placeholders = System.Text.RegularExpressions.Regex.Matches(result.Output, "<([^>]+)>").Select(m => m.Groups[1].Value).ToList();
        Assert.All(placeholders, p => Assert.Matches("^[A-Z_]+$", p));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("validate")]
    [InlineData("test")]
    public async Task Commands_that_apply_nothing_do_not_say_out_of_order_applies(string command)
    {
        var result = await Tool.RunAsync(command, "--help");

        var line = Assert.Single(result.Output.Split('\n'), l => l.TrimStart().StartsWith("--out-of-order", StringComparison.Ordinal));
        Assert.DoesNotContain("Apply", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adopt_lists_the_tools_it_can_adopt_from()
    {
        var result = await Tool.RunAsync("adopt", "--help");

        Assert.Contains("supabase, flyway, database_migrations", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_tool_version()
    {
        var result = await Tool.RunAsync("--version");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith(ToolVersion.Current, result.Output.Trim(), StringComparison.Ordinal);
    }
}
