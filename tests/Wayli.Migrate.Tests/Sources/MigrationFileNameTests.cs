using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Tests.Sources;

public class MigrationFileNameTests
{
    [Fact]
    public void A_timestamped_name_gives_version_and_description()
    {
        var name = MigrationFileName.TryParse("20250826000001_basic_tables.sql", out var problem);

        Assert.NotNull(name);
        Assert.Null(problem);
        Assert.Equal(MigrationVersion.Parse("20250826000001"), name.Version);
        Assert.Equal("20250826000001", name.VersionText);
        Assert.Equal("basic_tables", name.Description);
    }

    [Fact]
    public void Leading_zeros_are_kept_in_the_version_text_but_not_the_version()
    {
        var name = MigrationFileName.TryParse("007_bond.sql", out _);

        Assert.NotNull(name);
        Assert.Equal("007", name.VersionText);
        Assert.Equal("7", name.Version.Value);
        Assert.Equal("bond", name.Description);
    }

    [Theory]
    [InlineData("1_a_b_c.sql", "a_b_c")]
    [InlineData("1_v1.2.3_release.sql", "v1.2.3_release")]
    [InlineData("1_..sql", ".")]
    [InlineData("1__leading_underscore.sql", "_leading_underscore")]
    [InlineData("1_with space.sql", "with space")]
    public void The_description_is_everything_after_the_first_underscore(string fileName, string description)
    {
        var name = MigrationFileName.TryParse(fileName, out var problem);

        Assert.Null(problem);
        Assert.NotNull(name);
        Assert.Equal("1", name.VersionText);
        Assert.Equal(description, name.Description);
    }

    [Theory]
    [InlineData("20250101.sql", "'_'")]
    [InlineData("create_users.sql", "digits only")]
    [InlineData("_create_users.sql", "numeric version")]
    [InlineData("2025a0101_x.sql", "digits only")]
    [InlineData("v1_x.sql", "digits only")]
    [InlineData("\u0661_x.sql", "digits only")]
    [InlineData("1_.sql", "empty")]
    [InlineData("1_   .sql", "empty")]
    [InlineData("1_\t.sql", "empty")]
    [InlineData("20250101_x.SQL", "lower case")]
    [InlineData("20250101_x.Sql", "lower case")]
    [InlineData("20250101_x.sql.bak", ".sql")]
    [InlineData("20250101_x.psql", ".sql")]
    [InlineData("20250101_x", ".sql")]
    public void Bad_names_are_rejected_with_a_reason(string fileName, string reasonContains)
    {
        var name = MigrationFileName.TryParse(fileName, out var problem);

        Assert.Null(name);
        Assert.NotNull(problem);
        Assert.False(string.IsNullOrWhiteSpace(problem));
        Assert.Contains(reasonContains, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_letters_of_a_bad_version_are_quoted_in_the_problem()
    {
        MigrationFileName.TryParse("12ab_x.sql", out var problem);

        Assert.NotNull(problem);
        Assert.Contains("'12ab'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_without_underscore_explains_the_expected_form()
    {
        MigrationFileName.TryParse("20250101120000.sql", out var problem);

        Assert.NotNull(problem);
        Assert.Contains("VERSION_description.sql", problem, StringComparison.Ordinal);
    }
}
