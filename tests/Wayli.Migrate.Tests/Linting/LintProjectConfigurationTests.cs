using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Linting;

/// <summary>Rules turned off for a whole project in wayli-migrate.toml.</summary>
public sealed class LintProjectConfigurationTests
{
    [Fact]
    public async Task A_rule_disabled_in_the_config_file_is_not_reported_and_an_unknown_one_is_an_error()
    {
        using var folder = new LintFolder();
        folder.Add("CREATE TABLE public.trips (id bigint);\n", "trips");
        var project = Directory.CreateTempSubdirectory("wayli-migrate-lint-project-").FullName;
        try
        {
            var before = await Tool.RunInAsync(project, new Dictionary<string, string>(), "lint", "--dir", folder.Path);
            File.WriteAllText(Path.Combine(project, "wayli-migrate.toml"), "[lint]\ndisable = [\"WM101\"]\n");
            var after = await Tool.RunInAsync(project, new Dictionary<string, string>(), "lint", "--dir", folder.Path);
            File.WriteAllText(Path.Combine(project, "wayli-migrate.toml"), "[lint]\ndisable = [\"WM999\"]\n");
            var unknown = await Tool.RunInAsync(project, new Dictionary<string, string>(), "lint", "--dir", folder.Path);

            Assert.Equal(ExitCodes.Validation, before.ExitCode);
            Assert.Contains("WM101", before.Output, StringComparison.Ordinal);
            Assert.True(after.ExitCode == ExitCodes.Ok, after.ToString());
            Assert.DoesNotContain("WM101", after.Output, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
            Assert.Contains("WM999", unknown.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}
