using System.Security.Cryptography;
using System.Text;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Sources;

public class MigrationTests
{
    static readonly byte[] RawFile = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("create table t (id int);\r\n")];

    static Migration Load(string fileName, byte[] bytes)
    {
        var name = MigrationFileName.TryParse(fileName, out var problem) ?? throw new InvalidOperationException(problem);
        var problems = new List<SourceProblem>();
        var migration = TestMigrations.Parse(name, fileName, "/migrations/" + fileName, bytes, problems);
        Assert.Empty(problems);
        var loaded = Assert.IsType<Migration>(migration);
        // As a run does when history holds MD5 checksums (the original service's).
        loaded.ReadLegacyChecksum();
        return loaded;
    }

    static string Sha256Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

#pragma warning disable CA5351 // MD5 is the legacy format under test.
    static string Md5Of(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351

    [Fact]
    public void Matches_the_sha256_of_its_normalised_text()
    {
        var migration = Load("1_t.sql", RawFile);

        Assert.True(migration.MatchesChecksum(Sha256Of("create table t (id int);\n")));
    }

    [Fact]
    public void Matches_the_sha256_in_upper_case()
    {
        var migration = Load("1_t.sql", RawFile);

        Assert.True(migration.MatchesChecksum(Sha256Of("create table t (id int);\n").ToUpperInvariant()));
    }

    [Fact]
    public void Matches_the_legacy_md5_of_the_raw_file()
    {
        var migration = Load("1_t.sql", RawFile);

        Assert.True(migration.MatchesChecksum(Md5Of(RawFile)));
        Assert.True(migration.MatchesChecksum(Md5Of(RawFile).ToUpperInvariant()));
    }

    [Fact]
    public void Does_not_match_the_md5_of_the_normalised_text()
    {
        var migration = Load("1_t.sql", RawFile);

        Assert.False(migration.MatchesChecksum(Md5Of(Encoding.UTF8.GetBytes("create table t (id int);\n"))));
    }

    [Fact]
    public void Does_not_match_checksums_of_other_text()
    {
        var migration = Load("1_t.sql", RawFile);

        Assert.False(migration.MatchesChecksum(Sha256Of("create table t (id bigint);\n")));
        Assert.False(migration.MatchesChecksum(Md5Of(Encoding.UTF8.GetBytes("create table t (id bigint);\r\n"))));
        Assert.False(migration.MatchesChecksum(""));
        Assert.False(migration.MatchesChecksum("not a checksum"));
    }

    [Fact]
    public void Does_not_match_a_truncated_sha256()
    {
        var migration = Load("1_t.sql", RawFile);

        Assert.False(migration.MatchesChecksum(migration.Checksum[..32]));
    }

    [Fact]
    public void Exposes_version_and_description_of_its_name()
    {
        var migration = Load("0042_add_index.sql", RawFile);

        Assert.Equal(MigrationVersion.Parse("42"), migration.Version);
        Assert.Equal("add_index", migration.Description);
        Assert.Equal("0042_add_index.sql", migration.FileName);
        Assert.Equal("/migrations/0042_add_index.sql", migration.Path);
    }
}
