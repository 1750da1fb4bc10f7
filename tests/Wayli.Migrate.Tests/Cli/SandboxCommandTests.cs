using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Cli;

/// <summary><c>sandbox</c> mistakes are usage errors that say what to do, not internal errors.</summary>
public sealed class SandboxCommandTests
{
    [Fact]
    public async Task An_unknown_option_before_the_double_dash_is_a_usage_error_and_starts_nothing()
    {
        var result = await Tool.RunAsync("sandbox", "--no-such-option", "--", "true");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("sandbox has no option --no-such-option", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PostgreSQL on", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_is_named_as_a_usage_error()
    {
        var result = await Tool.RunAsync("sandbox", "--", "no-such-program-wayli");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("could not start 'no-such-program-wayli'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
    }
}
