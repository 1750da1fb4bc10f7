using System.Text;
using System.Text.Json.Nodes;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary><c>build</c> and <c>run</c>: deterministic bundles, verified before anything is applied.</summary>
public sealed class BundleTests(PostgresServer server) : IDisposable
{
    readonly string _out = Directory.CreateTempSubdirectory("wayli-migrate-bundle-").FullName;

    string BundlePath => Path.Combine(_out, MigrationBundle.FileName);

    [Fact]
    public async Task Building_twice_gives_identical_bytes()
    {
        var first = await Tool.RunAsync("build", "--dir", Paths.ExampleMigrations, "--out", _out);
        var bytes = await File.ReadAllBytesAsync(BundlePath, TestContext.Current.CancellationToken);
        var second = await Tool.RunAsync("build", "--dir", Paths.ExampleMigrations, "--out", _out);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(BundlePath, TestContext.Current.CancellationToken));
        Assert.Contains("digest sha256:", first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_set_with_problems_is_not_built()
    {
        using var folder = new MigrationFolder();
        folder.Write("1_ok.sql", "SELECT 1;");
        folder.Write("2_bad.sql", "SELECT 'unterminated;");

        var result = await Tool.RunAsync("build", "--dir", folder.Path, "--out", _out);

        Assert.Equal(ExitCodes.Validation, result.ExitCode);
        Assert.Contains("2_bad.sql", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(BundlePath));
    }

    [Fact]
    public async Task Run_of_a_bundle_equals_migrate_of_its_folder_and_status_reads_the_bundle()
    {
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("build", "--dir", Paths.ExampleMigrations, "--out", _out)).ExitCode);
        var fromFolder = await server.CreateDatabaseAsync();
        var fromBundle = await server.CreateDatabaseAsync();

        var migrate = await Tool.RunAsync("migrate", "--db-url", fromFolder.Url, "--dir", Paths.ExampleMigrations);
        var run = await Tool.RunAsync("run", "--db-url", fromBundle.Url, "--bundle", BundlePath);
        var status = await Tool.RunAsync("status", "--db-url", fromBundle.Url, "--bundle", BundlePath);
        var validate = await Tool.RunAsync("validate", "--db-url", fromFolder.Url, "--bundle", BundlePath);

        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(Objects(await fromFolder.FingerprintAsync()), Objects(await fromBundle.FingerprintAsync()));
        Assert.Equal((await fromFolder.HistoryAsync()).Select(r => (r.Version, r.Checksum, r.Success)),
            (await fromBundle.HistoryAsync()).Select(r => (r.Version, r.Checksum, r.Success)));
        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.DoesNotMatch("(?m)^pending", status.Output);
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
    }

    public static TheoryData<string, string> Tampering => new()
    {
        { "altered", "content was altered" },
        { "truncated", "truncated" },
        { "reordered", "not in version order" },
        { "removed", "set digest" },
        { "renamed", "does not match the entry" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task A_tampered_bundle_is_refused_before_connecting(string how, string message)
    {
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("build", "--dir", Paths.ExampleMigrations, "--out", _out)).ExitCode);
        Tamper(how);
        var db = await server.CreateDatabaseAsync();

        var result = await Tool.RunAsync("run", "--db-url", db.Url, "--bundle", BundlePath);

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        Assert.True(result.Error.Contains(message, StringComparison.Ordinal), result.ToString());
        Assert.Contains("nothing was applied", result.Error, StringComparison.Ordinal);
        Assert.False(await db.ExistsAsync("public.database_migrations"));
        Assert.False(await db.ExistsAsync("public.profiles"));
    }

    [Fact]
    public async Task A_bom_file_keeps_its_exact_bytes_through_the_bundle()
    {
        using var folder = new MigrationFolder();
        folder.WriteBytes("1_bom.sql", [0xEF, 0xBB, 0xBF, .. "SELECT 1;\r\n"u8]);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("build", "--dir", folder.Path, "--out", _out)).ExitCode);

        var fromFolder = Assert.Single((await new FolderSource(folder.Path, OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: TestContext.Current.CancellationToken)).Migrations);
        var fromBundle = Assert.Single((await new BundleSource(BundlePath).LoadAsync(cancellationToken: TestContext.Current.CancellationToken)).Migrations);

        Assert.Equal(fromFolder.ReadLegacyChecksum(), fromBundle.ReadLegacyChecksum());
        Assert.Equal(fromFolder.Checksum, fromBundle.Checksum);
        Assert.Equal(fromFolder.ReadContent().Sql, fromBundle.ReadContent().Sql);
    }

    [Fact]
    public async Task Dir_and_bundle_together_are_a_usage_error()
    {
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("build", "--dir", Paths.ExampleMigrations, "--out", _out)).ExitCode);

        var result = await Tool.RunAsync("validate", "--dir", Paths.ExampleMigrations, "--bundle", BundlePath);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    void Tamper(string how)
    {
        if (how == "truncated")
        {
            var bytes = File.ReadAllBytes(BundlePath);
            File.WriteAllBytes(BundlePath, bytes[..(bytes.Length / 2)]);
            return;
        }
        var root = JsonNode.Parse(File.ReadAllText(BundlePath))!;
        var migrations = root["migrations"]!.AsArray();
        switch (how)
        {
            case "altered":
                migrations[1]!["content"] = migrations[1]!["content"]!.GetValue<string>() + "\nDROP TABLE public.profiles;\n";
                break;
            case "reordered":
                var first = migrations[0]!.DeepClone();
                migrations.RemoveAt(0);
                migrations.Insert(1, first);
                break;
            case "removed":
                migrations.RemoveAt(2);
                break;
            case "renamed":
                migrations[0]!["file"] = "20250101000000_something_else.sql";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(how));
        }
        File.WriteAllText(BundlePath, root.ToJsonString(), Encoding.UTF8);
    }

    static string Objects(string fingerprint) => fingerprint.Split("\n(", 2)[0].Split('\n')[0];

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
