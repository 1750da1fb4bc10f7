using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Cli;

/// <summary>A mistyped command or option gets the nearest real one and the command's own help, once.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData(new[] { "migrat" }, "there is no command 'migrat'; did you mean migrate?", "Run 'wayli-migrate --help'")]
    [InlineData(new[] { "statu", "--json" }, "there is no command 'statu'; did you mean status?", "Run 'wayli-migrate --help'")]
    [InlineData(new[] { "migrate", "--lock-timout", "5s" }, "migrate has no option --lock-timout; did you mean --lock-timeout?", "Run 'wayli-migrate migrate --help'")]
    [InlineData(new[] { "status", "--jsn" }, "status has no option --jsn; did you mean --json?", "Run 'wayli-migrate status --help'")]
    [InlineData(new[] { "migrate", "--dry-run" }, "migrate has no option --dry-run: 'wayli-migrate plan' shows what migrate would do", "Run 'wayli-migrate migrate --help'")]
    public async Task A_typo_is_one_message_with_the_nearest_name_and_the_commands_help(string[] args, string message, string help)
    {
        var result = await Tool.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("error: " + message, lines[0][..Math.Min(lines[0].Length, message.Length + 7)]);
        Assert.StartsWith(help, lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_far_from_every_command_lists_the_commands_instead_of_guessing()
    {
        var result = await Tool.RunAsync("frobnicate");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("there is no command 'frobnicate' (commands: bootstrap,", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--lock-timout", "--lock-timeout", 1)]
    [InlineData("--lock-timeuot", "--lock-timeout", 1)]
    [InlineData("migrat", "migrate", 1)]
    [InlineData("status", "status", 0)]
    public void Distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, UsageErrors.Distance(a, b));
    }
}
