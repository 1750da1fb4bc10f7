using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Tests.Sources;

public class MigrationVersionTests
{
    static MigrationVersion V(string text) => MigrationVersion.Parse(text);

    [Theory]
    [InlineData("9", "10")]
    [InlineData("99", "20250101000000")]
    [InlineData("1", "2")]
    [InlineData("0", "1")]
    [InlineData("20250101000000", "20250101000001")]
    [InlineData("099", "100")]
    public void Smaller_number_sorts_first_whatever_the_length(string smaller, string larger)
    {
        Assert.True(V(smaller) < V(larger));
        Assert.True(V(larger) > V(smaller));
        Assert.True(V(smaller).CompareTo(V(larger)) < 0);
        Assert.True(V(larger).CompareTo(V(smaller)) > 0);
        Assert.NotEqual(V(smaller), V(larger));
    }

    [Fact]
    public void Sorting_a_list_orders_numerically_not_as_text()
    {
        string[] texts = ["10", "9", "20250101000000", "99", "100", "1"];
        var versions = texts.Select(V).ToList();

        versions.Sort();

        Assert.Equal(["1", "9", "10", "99", "100", "20250101000000"], versions.Select(v => v.Value));
    }

    [Theory]
    [InlineData("007", "7")]
    [InlineData("0000000000000001", "1")]
    [InlineData("00", "0")]
    [InlineData("020250101000000", "20250101000000")]
    public void Leading_zeros_do_not_change_the_version(string padded, string plain)
    {
        Assert.Equal(V(plain), V(padded));
        Assert.True(V(padded) == V(plain));
        Assert.False(V(padded) != V(plain));
        Assert.Equal(0, V(padded).CompareTo(V(plain)));
        Assert.Equal(V(plain).GetHashCode(), V(padded).GetHashCode());
        Assert.Equal(plain, V(padded).Value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("000")]
    public void Zero_parses_to_the_value_zero(string text)
    {
        Assert.True(MigrationVersion.TryParse(text, out var version));
        Assert.Equal("0", version.Value);
        Assert.Equal("0", version.ToString());
        Assert.True(version < V("1"));
    }

    [Fact]
    public void The_default_version_is_zero()
    {
        Assert.Equal("0", default(MigrationVersion).Value);
        Assert.Equal(V("0"), default);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1a")]
    [InlineData("a1")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.0")]
    [InlineData("1_000")]
    [InlineData("\u0661")] // ARABIC-INDIC DIGIT ONE: a digit, but not an ASCII one
    [InlineData("2025\u0660101")]
    [InlineData("\uFF11")] // FULLWIDTH DIGIT ONE
    public void Anything_but_ascii_digits_is_rejected(string text)
    {
        Assert.False(MigrationVersion.TryParse(text, out _));
        Assert.Throws<FormatException>(() => MigrationVersion.Parse(text));
    }

    [Fact]
    public void Versions_longer_than_any_integer_type_compare_correctly()
    {
        var thirtyNines = new string('9', 30);
        var oneAndTwentyNineZeros = "1" + new string('0', 29);
        var oneAndTwentyNineZerosPlusOne = "1" + new string('0', 28) + "1";
        var ulongMax = ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(V(oneAndTwentyNineZeros) < V(thirtyNines));
        Assert.True(V(oneAndTwentyNineZeros) < V(oneAndTwentyNineZerosPlusOne));
        Assert.True(V(ulongMax) < V(oneAndTwentyNineZeros));
        Assert.Equal(V("000" + thirtyNines), V(thirtyNines));
        Assert.Equal(thirtyNines, V(thirtyNines).Value);
    }

    [Fact]
    public void Comparison_operators_agree_on_equal_versions()
    {
        Assert.True(V("5") <= V("005"));
        Assert.True(V("5") >= V("005"));
        Assert.False(V("5") < V("005"));
        Assert.False(V("5") > V("005"));
    }

    [Fact]
    public void Equals_object_is_false_for_other_types()
    {
        Assert.False(V("7").Equals("7"));
        Assert.True(V("7").Equals((object)V("07")));
    }

    [Theory]
    [InlineData("20250101120000", true)]
    [InlineData("19700101000000", true)]
    [InlineData("20240229235959", true)]
    [InlineData("20250229000000", false)]
    [InlineData("20251301000000", false)]
    [InlineData("20250101240000", false)]
    [InlineData("2024", false)]
    [InlineData("202501011200000", false)]
    public void Only_fourteen_digits_of_a_real_date_and_time_are_a_timestamp(string text, bool expected)
    {
        Assert.Equal(expected, MigrationVersion.IsTimestamp(text));
    }
}
