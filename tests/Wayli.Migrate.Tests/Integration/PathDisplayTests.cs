using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>Paths are shown as they were given, and the history never records where one machine keeps its checkout.</summary>
public sealed class PathDisplayTests(PostgresServer server) : IDisposable
{
    readonly string _project = Directory.CreateTempSubdirectory("wayli-paths-").FullName;

    string WriteMigration(string sql)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_project, "supabase", "migrations")).FullName;
        File.WriteAllText(Path.Combine(folder, "20250101000000_broken.sql"), sql);
        return folder;
    }

    [Fact]
    public async Task A_failure_is_shown_with_the_path_as_given_and_recorded_with_the_file_name_only()
    {
        var db = await server.CreateDatabaseAsync();
        WriteMigration("SELECT nope;\n");

        var result = await Tool.RunInAsync(_project, new Dictionary<string, string>(), "migrate", "--db-url", db.Url, "--dir", "supabase/migrations");

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("error: supabase/migrations/20250101000000_broken.sql:1:8", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_project, result.All, StringComparison.Ordinal);
        var recorded = Assert.Single(await db.HistoryAsync()).Error!;
        Assert.StartsWith("20250101000000_broken.sql:1:8 (statement 1): 42703", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(_project, recorded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_prints_an_absolute_folder_as_absolute_and_a_relative_one_as_relative()
    {
        var folder = WriteMigration("DROP TABLE gone;\n");

        var absolute = await Tool.RunInAsync(Path.GetTempPath(), new Dictionary<string, string>(), "lint", "--dir", folder);
        var relative = await Tool.RunInAsync(_project, new Dictionary<string, string>(), "lint", "--dir", "supabase/migrations");

        Assert.StartsWith(folder + "/20250101000000_broken.sql:1:1: error WM108", absolute.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("../", absolute.Output, StringComparison.Ordinal);
        Assert.StartsWith("supabase/migrations/20250101000000_broken.sql:1:1: error WM108", relative.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);
}
