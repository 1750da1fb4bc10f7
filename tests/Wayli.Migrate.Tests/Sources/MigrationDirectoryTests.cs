using System.Security.Cryptography;
using System.Text;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Tests.Sources;

public sealed class MigrationDirectoryTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("wayli-migrate-sources-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    string Write(string fileName, string text) => WriteBytes(fileName, Encoding.UTF8.GetBytes(text));

    string WriteBytes(string fileName, byte[] bytes)
    {
        var path = Path.Combine(_folder, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    string PathOf(string fileName) => Path.Combine(_folder, fileName);

    Task<MigrationSet> LoadAsync() => new FolderSource(_folder, OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: TestContext.Current.CancellationToken);

    static SourceProblem ProblemOf(MigrationSet set, string path) => Assert.Single(set.Problems, p => p.File == path);

    [Fact]
    public async Task Migrations_are_ordered_by_numeric_version_not_by_file_name()
    {
        Write("10_ten.sql", "select 10;");
        Write("9_nine.sql", "select 9;");
        Write("20250101000000_timestamp.sql", "select 3;");
        Write("099_ninety_nine.sql", "select 99;");
        Write("1_one.sql", "select 1;");

        var set = await LoadAsync();

        Assert.True(set.IsValid, string.Join("\n", set.Problems));
        Assert.Equal(
            ["1_one.sql", "9_nine.sql", "10_ten.sql", "099_ninety_nine.sql", "20250101000000_timestamp.sql"],
            set.Migrations.Select(m => m.FileName));
        Assert.Equal(_folder, set.Location);
    }

    [Fact]
    public async Task A_migration_carries_its_name_parts_path_and_text()
    {
        var path = Write("20250826000001_basic_tables.sql", "create table a (id int);\r\ncreate table b (id int);\r\n");

        var set = await LoadAsync();

        var migration = Assert.Single(set.Migrations);
        Assert.Equal("20250826000001_basic_tables.sql", migration.FileName);
        Assert.Equal(path, migration.Path);
        Assert.Equal(MigrationVersion.Parse("20250826000001"), migration.Version);
        Assert.Equal("basic_tables", migration.Description);
        Assert.Equal("create table a (id int);\r\ncreate table b (id int);\r\n", migration.ReadContent().Sql); // exactly as on disk
        Assert.Equal(
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("create table a (id int);\ncreate table b (id int);\n"))),
            migration.Checksum);
    }

    // (A folder named like a migration is reported, not ignored: see the reliability catalogue.)
    [Fact]
    public async Task Files_that_are_not_sql_and_subfolders_are_ignored()
    {
        Write("1_one.sql", "select 1;");
        Write("README.md", "# migrations");
        Write(".gitkeep", "");
        Write("notes.txt", "2_not_a_migration");
        Write("2_backup.sql.bak", "select 2;");
        Directory.CreateDirectory(PathOf("archive"));
        File.WriteAllText(Path.Combine(PathOf("archive"), "4_nested.sql"), "select 4;");

        var set = await LoadAsync();

        Assert.True(set.IsValid, string.Join("\n", set.Problems));
        Assert.Equal(["1_one.sql"], set.Migrations.Select(m => m.FileName));
    }

    [Fact]
    public async Task An_empty_folder_is_a_valid_empty_set()
    {
        var set = await LoadAsync();

        Assert.True(set.IsValid);
        Assert.Empty(set.Migrations);
        Assert.Empty(set.Problems);
    }

    [Fact]
    public async Task Same_version_with_different_leading_zeros_is_a_duplicate()
    {
        Write("1_a.sql", "select 1;");
        Write("01_b.sql", "select 1;");

        var set = await LoadAsync();

        Assert.False(set.IsValid);
        var problem = Assert.Single(set.Problems);
        Assert.Contains(problem.File, new[] { PathOf("1_a.sql"), PathOf("01_b.sql") });
        var other = problem.File == PathOf("1_a.sql") ? "01_b.sql" : "1_a.sql";
        Assert.Contains(other, problem.Message, StringComparison.Ordinal);
        Assert.Contains("same version", problem.Message, StringComparison.Ordinal);
        Assert.Null(problem.Line);
    }

    [Fact]
    public async Task Every_extra_copy_of_a_version_is_reported()
    {
        Write("5_a.sql", "select 1;");
        Write("05_b.sql", "select 1;");
        Write("005_c.sql", "select 1;");
        Write("6_d.sql", "select 1;");
        Write("7_e.sql", "select 1;");
        Write("007_f.sql", "select 1;");

        var set = await LoadAsync();

        Assert.Equal(3, set.Problems.Count);
        Assert.All(set.Problems, p => Assert.Contains("same version", p.Message, StringComparison.Ordinal));
        Assert.Equal(3, set.Problems.Select(p => p.File).Distinct().Count());
        Assert.DoesNotContain(set.Problems, p => p.File == PathOf("6_d.sql"));
        var versions = set.Problems.Select(p => Path.GetFileName(p.File)).Select(f => MigrationVersion.Parse(f[..f.IndexOf('_', StringComparison.Ordinal)]).Value);
        Assert.Equal(["5", "5", "7"], versions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bad_names_are_all_reported_and_good_files_still_load()
    {
        Write("1_good.sql", "select 1;");
        Write("create_users.sql", "select 1;");
        Write("20250101_x.SQL", "select 1;");
        Write("2_.sql", "select 1;");
        Write("3_ .sql", "select 1;");
        Write("x.sql", "select 1;");
        Write("_y.sql", "select 1;");

        var set = await LoadAsync();

        Assert.Equal(["1_good.sql"], set.Migrations.Select(m => m.FileName));
        Assert.Equal(6, set.Problems.Count);
        Assert.Contains("digits only", ProblemOf(set, PathOf("create_users.sql")).Message, StringComparison.Ordinal);
        Assert.Contains("lower case", ProblemOf(set, PathOf("20250101_x.SQL")).Message, StringComparison.Ordinal);
        Assert.Contains("empty", ProblemOf(set, PathOf("2_.sql")).Message, StringComparison.Ordinal);
        Assert.Contains("empty", ProblemOf(set, PathOf("3_ .sql")).Message, StringComparison.Ordinal);
        Assert.Contains("'_'", ProblemOf(set, PathOf("x.sql")).Message, StringComparison.Ordinal);
        Assert.Contains("numeric version", ProblemOf(set, PathOf("_y.sql")).Message, StringComparison.Ordinal);
        Assert.All(set.Problems, p => Assert.StartsWith("not a migration name", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_utf8_is_reported_with_line_and_column()
    {
        WriteBytes("1_latin1.sql", [.. "select 1;\nselect '"u8, 0xE9, .. "';\n"u8]);

        var set = await LoadAsync();

        Assert.Empty(set.Migrations);
        var problem = ProblemOf(set, PathOf("1_latin1.sql"));
        Assert.Equal(2, problem.Line);
        Assert.Equal(9, problem.Column);
        Assert.Contains("UTF-8", problem.Message, StringComparison.Ordinal);
        Assert.Contains("0xE9", problem.Message, StringComparison.Ordinal);
        Assert.Contains("offset 18", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{PathOf("1_latin1.sql")}:2:9: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_after_a_bom_gives_the_offset_in_the_raw_file()
    {
        WriteBytes("1_bom.sql", [0xEF, 0xBB, 0xBF, .. "ab"u8, 0xFF]);

        var set = await LoadAsync();

        var problem = ProblemOf(set, PathOf("1_bom.sql"));
        Assert.Equal((1, 3), (problem.Line, problem.Column));
        Assert.Contains("offset 5", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_column_counts_characters_not_bytes()
    {
        WriteBytes("1_multibyte.sql", [.. "-- héé\n-- ü"u8, 0xC3]); // a truncated two-byte sequence at the end

        var set = await LoadAsync();

        var problem = ProblemOf(set, PathOf("1_multibyte.sql"));
        Assert.Equal((2, 5), (problem.Line, problem.Column));
    }

    [Fact]
    public async Task Invalid_utf8_column_counts_an_emoji_as_one_like_the_lexer_does()
    {
        WriteBytes("1_emoji.sql", [.. "-- 😀"u8, 0xFF]);

        var set = await LoadAsync();

        var problem = ProblemOf(set, PathOf("1_emoji.sql"));
        Assert.Equal((1, 5), (problem.Line, problem.Column));
    }

    [Fact]
    public async Task Invalid_utf8_line_counts_a_lone_cr_as_a_line_end_like_the_lexer_does()
    {
        WriteBytes("1_cr.sql", [.. "select 1;\rselect 2;\r--"u8, 0xFF]);

        var set = await LoadAsync();

        var problem = ProblemOf(set, PathOf("1_cr.sql"));
        Assert.Equal((3, 3), (problem.Line, problem.Column));
    }

    [Fact]
    public async Task A_nul_byte_is_reported_with_its_position()
    {
        WriteBytes("1_nul.sql", [.. "select 1;\nselect"u8, 0x00, .. " 2;"u8]);

        var set = await LoadAsync();

        Assert.Empty(set.Migrations);
        var problem = ProblemOf(set, PathOf("1_nul.sql"));
        Assert.Equal((2, 7), (problem.Line, problem.Column));
        Assert.Contains("NUL", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_file_is_reported_not_thrown()
    {
        var link = PathOf("3_dangling.sql");
        File.CreateSymbolicLink(link, Path.Combine(_folder, "does-not-exist", "target.sql"));
        Write("1_ok.sql", "select 1;");

        var set = await LoadAsync();

        Assert.Equal(["1_ok.sql"], set.Migrations.Select(m => m.FileName));
        var problem = ProblemOf(set, link);
        Assert.Contains("cannot be read", problem.Message, StringComparison.Ordinal);
        Assert.Null(problem.Line);
    }

    [Fact]
    public async Task Every_problem_in_the_folder_is_collected_each_naming_its_file()
    {
        Write("1_good.sql", "select 1;");
        Write("2_dup_a.sql", "select 2;");
        Write("02_dup_b.sql", "select 2;");
        Write("create_users.sql", "select 3;");
        Write("20250101_x.SQL", "select 4;");
        Write("4_.sql", "select 5;");
        WriteBytes("5_latin1.sql", [.. "select '"u8, 0xE9, .. "';"u8]);
        WriteBytes("6_nul.sql", [.. "select 1"u8, 0x00]);
        File.CreateSymbolicLink(PathOf("7_dangling.sql"), PathOf("missing-target.sql"));
        Write("8_good.sql", "select 8;");

        var set = await LoadAsync();

        Assert.False(set.IsValid);
        var loaded = set.Migrations.Select(m => m.FileName).ToList();
        Assert.Equal(4, loaded.Count);
        Assert.Equal("1_good.sql", loaded[0]);
        Assert.Equal(["02_dup_b.sql", "2_dup_a.sql"], loaded[1..3].Order(StringComparer.Ordinal));
        Assert.Equal("8_good.sql", loaded[3]);
        var problemFiles = set.Problems.Select(p => Path.GetFileName(p.File)).ToList();
        Assert.Equal(7, problemFiles.Count);
        Assert.Contains("create_users.sql", problemFiles);
        Assert.Contains("20250101_x.SQL", problemFiles);
        Assert.Contains("4_.sql", problemFiles);
        Assert.Contains("5_latin1.sql", problemFiles);
        Assert.Contains("6_nul.sql", problemFiles);
        Assert.Contains("7_dangling.sql", problemFiles);
        Assert.Single(problemFiles, f => f is "2_dup_a.sql" or "02_dup_b.sql");
        Assert.All(set.Problems, p => Assert.Equal(_folder, Path.GetDirectoryName(p.File)));
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_failure()
    {
        var missing = Path.Combine(_folder, "no-such-folder");

        var failure = await Assert.ThrowsAsync<MigrateException>(
            () => new FolderSource(missing, OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(FailureKind.Usage, failure.Kind);
        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_given_as_the_folder_is_a_usage_failure()
    {
        var file = Write("1_a.sql", "select 1;");

        var failure = await Assert.ThrowsAsync<MigrateException>(
            () => new FolderSource(file, OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(FailureKind.Usage, failure.Kind);
    }

    [Fact]
    public async Task A_bom_is_not_part_of_the_sql_but_is_part_of_the_legacy_md5()
    {
        byte[] raw = [0xEF, 0xBB, 0xBF, .. "select 1;\r\n"u8];
        WriteBytes("1_bom.sql", raw);

        var set = await LoadAsync();

        var migration = Assert.Single(set.Migrations);
        Assert.False(migration.ReadContent().Sql.StartsWith('\uFEFF'));
        Assert.Equal("select 1;\r\n", migration.ReadContent().Sql);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("select 1;\n"u8)), migration.Checksum);
#pragma warning disable CA5351 // MD5 is the legacy format under test.
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(raw)), migration.ReadLegacyChecksum());
#pragma warning restore CA5351
    }

    [Fact]
    public async Task The_sql_is_split_into_statements()
    {
        Write("1_two.sql", "create table a (id int);\ncreate table b (id int);\n");

        var set = await LoadAsync();

        var migration = Assert.Single(set.Migrations);
        Assert.Equal(migration.ReadContent().Sql, string.Concat(migration.ReadContent().Script.Statements.Select(s => s.Text)));
        Assert.True(migration.ReadContent().Script.Statements.Count(s => !s.IsEmpty) >= 2);
    }
}
