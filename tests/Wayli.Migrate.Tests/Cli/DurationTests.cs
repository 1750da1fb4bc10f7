using Wayli.Migrate.Cli;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Tests.Cli;

public class DurationTests
{
    const string Option = "--lock-timeout";

    public static TheoryData<string, TimeSpan> Durations => new()
    {
        { "500ms", TimeSpan.FromMilliseconds(500) },
        { "30s", TimeSpan.FromSeconds(30) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "1h", TimeSpan.FromHours(1) },
        { "2.5s", TimeSpan.FromMilliseconds(2500) },
        { "10", TimeSpan.FromSeconds(10) },
        { "0", TimeSpan.Zero },
        { "0.25", TimeSpan.FromMilliseconds(250) },
        { "1.5m", TimeSpan.FromSeconds(90) },
        { "250MS", TimeSpan.FromMilliseconds(250) },
        { "2H", TimeSpan.FromHours(2) },
        { " 30s ", TimeSpan.FromSeconds(30) },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void Durations_with_a_unit_or_bare_seconds_are_parsed(string text, TimeSpan expected)
    {
        Assert.Equal(expected, Duration.Parse(text, Option));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void No_text_is_not_a_duration(string text)
    {
        Assert.Throws<MigrateException>(() => Duration.Parse(text, Option));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1s")]
    [InlineData("-1")]
    [InlineData("5x")]
    [InlineData("5 s")]
    [InlineData("s")]
    [InlineData("1,5s")]
    [InlineData("1.2.3s")]
    [InlineData("5sec")]
    [InlineData("1d")]
    [InlineData("1e3s")]
    public void Anything_else_is_a_usage_error_naming_the_option(string text)
    {
        var failure = Assert.Throws<MigrateException>(() => Duration.Parse(text, Option));

        Assert.Equal(FailureKind.Usage, failure.Kind);
        Assert.Contains(Option, failure.Message, StringComparison.Ordinal);
        Assert.Contains(text, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_names_whichever_option_was_given()
    {
        var failure = Assert.Throws<MigrateException>(() => Duration.Parse("soon", "--statement-timeout"));

        Assert.Contains("--statement-timeout", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Option, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000000000000h")]
    [InlineData("99999999999999999999s")]
    public void A_duration_too_long_for_a_timespan_is_a_usage_error(string text)
    {
        var failure = Record.Exception(() => Duration.Parse(text, Option));

        var usage = Assert.IsType<MigrateException>(failure);
        Assert.Equal(FailureKind.Usage, usage.Kind);
        Assert.Contains(Option, usage.Message, StringComparison.Ordinal);
    }
}
