namespace Wayli.Migrate.Sources;

/// <summary>
/// The numeric version at the front of a migration file name, such as <c>20250826000001</c>.
/// Versions compare as numbers of any length, so <c>9_a.sql</c> sorts before <c>10_b.sql</c>,
/// and <c>007</c> and <c>7</c> are the same version.
/// </summary>
public readonly struct MigrationVersion : IEquatable<MigrationVersion>, IComparable<MigrationVersion>
{
    readonly string? _digits;

    MigrationVersion(string digits) => _digits = digits;

    /// <summary>The version's digits without leading zeros (<c>"0"</c> for zero).</summary>
    public string Value => _digits ?? "0";

    /// <summary>Parses a string of ASCII digits; returns false for anything else.</summary>
    /// <example><c>TryParse("0042", out v)</c> gives <c>v.Value == "42"</c>.</example>
    public static bool TryParse(ReadOnlySpan<char> text, out MigrationVersion version)
    {
        version = default;
        if (text.IsEmpty)
            return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        var trimmed = text.TrimStart('0');
        version = new MigrationVersion(trimmed.IsEmpty ? "0" : trimmed.ToString());
        return true;
    }

    /// <summary>
    /// True when <paramref name="text"/> is a UTC timestamp as versions are written by default: 14 digits,
    /// <c>YYYYMMDDHHMMSS</c>, a real date and time.
    /// </summary>
    /// <example><c>20250101120000</c> is one; <c>2024</c>, <c>20251301000000</c> (month 13) and <c>20250230000000</c> are not.</example>
    public static bool IsTimestamp(string text) =>
        text.Length == 14 && DateTime.TryParseExact(text, "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out _);

    /// <summary>Parses a version, throwing <see cref="FormatException"/> when it is not all digits.</summary>
    public static MigrationVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a migration version: it must be digits only");

    /// <inheritdoc />
    public int CompareTo(MigrationVersion other)
    {
        var (a, b) = (Value, other.Value);
        // Without leading zeros a longer string of digits is the larger number.
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }

    /// <inheritdoc />
    public bool Equals(MigrationVersion other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MigrationVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Equality.</summary>
    public static bool operator ==(MigrationVersion left, MigrationVersion right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(MigrationVersion left, MigrationVersion right) => !left.Equals(right);

    /// <summary>Numeric order.</summary>
    public static bool operator <(MigrationVersion left, MigrationVersion right) => left.CompareTo(right) < 0;

    /// <summary>Numeric order.</summary>
    public static bool operator >(MigrationVersion left, MigrationVersion right) => left.CompareTo(right) > 0;

    /// <summary>Numeric order.</summary>
    public static bool operator <=(MigrationVersion left, MigrationVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Numeric order.</summary>
    public static bool operator >=(MigrationVersion left, MigrationVersion right) => left.CompareTo(right) >= 0;
}
