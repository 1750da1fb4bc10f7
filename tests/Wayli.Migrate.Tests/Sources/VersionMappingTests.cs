using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Tests.Sources;

/// <summary>Issue 18: other tools' versions become UTC timestamps in their order, as docs/moving.md documents.</summary>
public sealed class VersionMappingTests
{
    [Theory]
    [InlineData("1", "20000101000001")]
    [InlineData("00001", "20000101000001")]
    [InlineData("0080", "20000101000120")]
    [InlineData("86400", "20000102000000")]
    [InlineData("1500360784", "20470718065304")]
    [InlineData("20230101120000", "20230101120000")]
    public void A_whole_number_is_seconds_after_2000_and_a_timestamp_stays(string version, string expected) =>
        Assert.Equal(expected, VersionMapping.Whole(version));

    [Fact]
    public void Mixed_sequential_and_timestamp_versions_keep_their_order()
    {
        var mapped = VersionMapping.Map(["1", "2", "20240101120000"], out var problem);

        Assert.Null(problem);
        Assert.Equal(["20000101000001", "20000101000002", "20240101120000"], mapped);
    }

    [Fact]
    public void Dotted_versions_are_numbered_by_rank()
    {
        var mapped = VersionMapping.Map(["1", "1.1", "1.10", "2"], out var problem);

        Assert.Null(problem);
        Assert.Equal(["20000101000001", "20000101000002", "20000101000003", "20000101000004"], mapped);
    }

    [Fact]
    public void Versions_that_cannot_keep_their_order_are_refused_with_both_named()
    {
        // A Unix time maps past a YYYYMMDDHHMMSS version of 2023 that comes after it numerically.
        var mapped = VersionMapping.Map(["20230101120000", "99999999999999"], out var problem);
        var unix = VersionMapping.Map(["1500360784", "20230101120000"], out var unixProblem);

        Assert.Null(mapped);
        Assert.Contains("too large", problem, StringComparison.Ordinal);
        Assert.Null(unix);
        Assert.Contains("versions 1500360784 and 20230101120000 cannot keep their order", unixProblem, StringComparison.Ordinal);
    }
}
