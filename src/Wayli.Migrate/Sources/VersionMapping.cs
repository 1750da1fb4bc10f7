using System.Globalization;
using System.Numerics;

namespace Wayli.Migrate.Sources;

/// <summary>
/// How versions of another tool become UTC timestamps (<c>YYYYMMDDHHMMSS</c>) when its project is converted, keeping
/// their order:
/// <list type="bullet">
/// <item>a version that already is a UTC timestamp stays as it is (<c>20230101120000</c>);</item>
/// <item>another whole number <c>n</c> becomes 2000-01-01 00:00:00 UTC plus <c>n</c> seconds: <c>1</c> becomes
/// <c>20000101000001</c>, <c>80</c> becomes <c>20000101000120</c>;</item>
/// <item>a project with dotted versions (Flyway's <c>1.1</c>) is numbered by rank instead: the <c>k</c>th version in the
/// tool's order becomes 2000-01-01 plus <c>k</c> seconds.</item>
/// </list>
/// The converted file keeps the original version at the front of its description (<c>20000101000001_00001_init.sql</c>),
/// so the mapping can be read back from the name.
/// </summary>
public static class VersionMapping
{
    static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    static readonly BigInteger LastSecond = new((DateTime.MaxValue - Epoch).Ticks / TimeSpan.TicksPerSecond);
    const string Format = "yyyyMMddHHmmss";

    /// <summary>
    /// The timestamp a whole-number version maps to, or null when it is too large for one; a version that is a
    /// timestamp already maps to itself.
    /// </summary>
    /// <example><c>Whole("0080")</c> gives <c>20000101000120</c>; <c>Whole("20230101120000")</c> gives it back.</example>
    public static string? Whole(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (MigrationVersion.IsTimestamp(digits))
            return digits;
        if (!MigrationVersion.TryParse(digits, out var version))
            return null;
        var seconds = BigInteger.Parse(version.Value, CultureInfo.InvariantCulture);
        return seconds > LastSecond ? null : Epoch.AddSeconds((double)seconds).ToString(Format, CultureInfo.InvariantCulture);
    }

    /// <summary>The timestamp of the <paramref name="rank"/>th version (from 1) of a project numbered by rank.</summary>
    public static string Rank(int rank) => Epoch.AddSeconds(rank).ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// Maps every version of a project, given in the tool's order, or says why their order cannot be kept (a project
    /// mixing timestamps with numbers that map past them, such as Unix times beside <c>YYYYMMDDHHMMSS</c> versions).
    /// </summary>
    /// <param name="ordered">The original versions as written, in the tool's order.</param>
    /// <param name="problem">Why the order cannot be kept, when it cannot.</param>
    public static IReadOnlyList<string>? Map(IReadOnlyList<string> ordered, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        problem = null;
        var dotted = ordered.Any(v => !v.All(char.IsAsciiDigit));
        var mapped = new List<string>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var version = dotted ? Rank(i + 1) : Whole(ordered[i]);
            if (version is null)
            {
                problem = $"version {ordered[i]} is too large to map to a timestamp";
                return null;
            }
            if (mapped.Count > 0 && string.CompareOrdinal(mapped[^1], version) >= 0)
            {
                problem = $"versions {ordered[i - 1]} and {ordered[i]} cannot keep their order as timestamps ({mapped[^1]}, {version}): "
                    + "rename the older ones to timestamps before converting";
                return null;
            }
            mapped.Add(version);
        }
        return mapped;
    }
}
