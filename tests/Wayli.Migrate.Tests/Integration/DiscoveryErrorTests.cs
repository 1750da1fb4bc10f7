using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Every discovery mistake: named file, documented exit code, and a database left exactly as it was (here: never
/// even bootstrapped, because problems are found before any database work).
/// </summary>
public sealed class DiscoveryErrorTests(PostgresServer server)
{
    public static TheoryData<string, string> BadFiles => new()
    {
        { "duplicate", "has the same version" },
        { "bad-name", "not a migration name" },
        { "empty-description", "description after the '_' is empty" },
        { "upper-case-extension", "must end in '.sql'" },
        { "unreadable", "cannot be read" },
        { "invalid-utf8", "is not valid UTF-8" },
        { "unterminated-quote", "unterminated" },
    };

    [Theory]
    [InlineData("2024_bad.sql")]
    [InlineData("20251301000000_month_13.sql")]
    [InlineData("20250230120000_no_such_day.sql")]
    [InlineData("202501011200_too_short.sql")]
    public async Task A_version_that_is_not_a_utc_timestamp_is_a_problem_named_by_file_unless_the_project_allows_it(string fileName)
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_good.sql", "CREATE TABLE good (id int);\n");
        folder.Write(fileName, "CREATE TABLE odd (id int);\n");
        var strict = new Dictionary<string, string> { [Tool.AnyVersionVariable] = "false" };
        var project = Directory.CreateTempSubdirectory("wayli-any-version-").FullName;
        File.WriteAllText(Path.Combine(project, "wayli-migrate.toml"), "any-version = true\n");

        var refused = await Tool.RunWithEnvironmentAsync(strict, "migrate", "--db-url", db.Url, "--dir", folder.Path);
        var status = await Tool.RunWithEnvironmentAsync(strict, "status", "--db-url", db.Url, "--dir", folder.Path);
        var allowed = await Tool.RunInAsync(project, new Dictionary<string, string>(), "validate", "--dir", folder.Path);

        Assert.True(refused.ExitCode == ExitCodes.Validation, refused.ToString());
        Assert.Contains($"{fileName}: its version {fileName.Split('_')[0]} is not a UTC timestamp YYYYMMDDHHMMSS", refused.Error, StringComparison.Ordinal);
        Assert.Contains("any-version = true in wayli-migrate.toml", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--out-of-order", refused.All, StringComparison.Ordinal);
        Assert.Equal("(no history table)", await db.HistorySnapshotAsync());
        Assert.True(status.ExitCode == ExitCodes.Validation, status.ToString());
        Assert.True(allowed.ExitCode == ExitCodes.Ok, allowed.ToString());
        Directory.Delete(project, recursive: true);
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Each_bad_file_is_named_exits_with_the_validation_code_and_leaves_the_database_untouched(string kind, string message)
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("20250101000000_good.sql", "CREATE TABLE good (id int);\n");
        var offender = WriteBadFile(folder, kind);
        var before = await db.FingerprintAsync();

        foreach (var command in new[] { "migrate", "validate" })
        {
            var result = await Tool.RunAsync(command, "--db-url", db.Url, "--dir", folder.Path);

            Assert.True(result.ExitCode == ExitCodes.Validation, $"{command}: {result}");
            Assert.Contains(Path.GetFileName(offender), result.Error, StringComparison.Ordinal);
            Assert.Contains(message, result.Error, StringComparison.Ordinal);
        }
        Assert.Equal(before, await db.FingerprintAsync());
        Assert.False(await db.ExistsAsync("public.good"), "no migration may run while any file has a problem");
        Assert.False(await db.ExistsAsync("public.database_migrations"), "problems are found before any database work");
    }

    [Fact]
    public async Task Invalid_utf8_is_located_by_line_and_column()
    {
        using var folder = new MigrationFolder();
        folder.WriteBytes("1_bad.sql", [.. "SELECT 1;\nSELECT '"u8, 0xC3, 0x28, .. "';\n"u8]);

        var result = await Tool.RunAsync("validate", "--dir", folder.Path);

        Assert.Equal(ExitCodes.Validation, result.ExitCode);
        Assert.Contains("1_bad.sql:2:9:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_problems_are_reported_at_once()
    {
        using var folder = new MigrationFolder();
        folder.Write("1_a.sql", "SELECT 1;");
        folder.Write("01_b.sql", "SELECT 1;");
        folder.Write("nodigits.sql", "SELECT 1;");

        var result = await Tool.RunAsync("validate", "--dir", folder.Path);

        Assert.Equal(ExitCodes.Validation, result.ExitCode);
        Assert.Contains("has the same version", result.Error, StringComparison.Ordinal);
        Assert.Contains("nodigits.sql", result.Error, StringComparison.Ordinal);
        Assert.Contains("2 problem(s)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_files_are_ignored()
    {
        using var folder = new MigrationFolder();
        folder.Write("README.md", "not sql");
        folder.Write(".gitkeep", "");
        folder.Write("1_a.sql", "SELECT 1;");
        Directory.CreateDirectory(Path.Combine(folder.Path, "archive"));

        var result = await Tool.RunAsync("validate", "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("1 migration file(s) valid", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error()
    {
        var result = await Tool.RunAsync("validate", "--dir", "/nonexistent/wayli/migrations");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("/nonexistent/wayli/migrations", result.Error, StringComparison.Ordinal);
    }

    static string WriteBadFile(MigrationFolder folder, string kind) => kind switch
    {
        "duplicate" => folder.Write("020250101000000_again.sql", "SELECT 1;"),
        "bad-name" => folder.Write("create_users.sql", "SELECT 1;"),
        "empty-description" => folder.Write("20250102000000_.sql", "SELECT 1;"),
        "upper-case-extension" => folder.Write("20250102000000_shout.SQL", "SELECT 1;"),
        "unreadable" => DanglingLink(folder),
        "invalid-utf8" => folder.WriteBytes("20250102000000_latin1.sql", [.. "SELECT 'caf"u8, 0xE9, .. "';\n"u8]),
        "unterminated-quote" => folder.Write("20250102000000_open.sql", "SELECT 1;\nSELECT 'never closed;\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    static string DanglingLink(MigrationFolder folder)
    {
        // Root reads files whatever their mode, so a link to nowhere stands in for an unreadable file.
        var path = Path.Combine(folder.Path, "20250102000000_gone.sql");
        File.CreateSymbolicLink(path, Path.Combine(folder.Path, "does-not-exist"));
        return path;
    }
}
