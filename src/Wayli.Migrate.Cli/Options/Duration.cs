using System.Globalization;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Cli.Options;

/// <summary>Parses durations written as <c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, or a bare number of seconds.</summary>
internal static class Duration
{
    /// <summary>The duration <paramref name="text"/> stands for; a usage error naming <paramref name="optionName"/> when it is none.</summary>
    public static TimeSpan Parse(string text, string optionName)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw Invalid(text, optionName);
        var (number, unit) = Split(text.Trim());
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw Invalid(text, optionName);
        try
        {
            return unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "" or "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => throw Invalid(text, optionName),
            };
        }
        catch (OverflowException)
        {
            throw Invalid(text, optionName);
        }
    }

    static (string Number, string Unit) Split(string text)
    {
        var end = text.Length;
        while (end > 0 && char.IsAsciiLetter(text[end - 1]))
            end--;
        return (text[..end], text[end..].ToLowerInvariant());
    }

    static MigrateException Invalid(string text, string optionName) =>
        new(FailureKind.Usage, $"{optionName} '{text}' is not a duration: write it like 500ms, 30s, 5m or 1h");
}
