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

    [Fact]
    public async Task Version_prints_the_tool_version()
    {
        var result = await Tool.RunAsync("--version");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith(ToolVersion.Current, result.Output.Trim(), StringComparison.Ordinal);
    }
}
