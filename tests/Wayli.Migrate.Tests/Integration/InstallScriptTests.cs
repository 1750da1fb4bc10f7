using System.Diagnostics;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 16, distribution: <c>scripts/release.sh</c> packs the native binary (WAYLI_MIGRATE_BINARY, which
/// scripts/test.sh publishes) into a release folder; <c>install.sh</c> installs from it only after checking the
/// archive's SHA-256, and the installed program runs a real <c>migrate</c>.
/// </summary>
public sealed class InstallScriptTests(PostgresServer server) : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("wayli-install-").FullName;

    [Fact]
    public async Task Install_from_a_release_folder_runs_migrate_and_a_tampered_archive_or_a_missing_platform_is_refused()
    {
        var binary = Environment.GetEnvironmentVariable("WAYLI_MIGRATE_BINARY");
        if (string.IsNullOrEmpty(binary) || !File.Exists(binary))
            Assert.Skip("WAYLI_MIGRATE_BINARY is not set to a native build (scripts/test.sh publishes one): the install script was not tested");
        var release = Path.Combine(_root, "release");
        var packed = await RunAsync(Path.Combine(Paths.Repository, "scripts", "release.sh"), release, "--binary", binary);
        var archive = Path.GetFileName(packed.Output.Trim());

        // From a folder, then from a file:// URL over an installed copy.
        var bin = Path.Combine(_root, "bin");
        var installed = await RunAsync(Install, "--from", release, "--to", bin);
        var again = await RunAsync(Install, "--from", "file://" + release, "--to", bin);
        var db = await server.CreateDatabaseAsync();
        var migrate = await RunAsync(Path.Combine(bin, "wayli-migrate"), "migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations);

        // One byte added to the archive: refused before anything is unpacked or installed.
        var tampered = Copy(release, "tampered");
        await File.AppendAllTextAsync(Path.Combine(tampered, archive), "x", TestContext.Current.CancellationToken);
        var tamperedBin = Path.Combine(_root, "tampered-bin");
        var refused = await RunAsync(Install, "--from", tampered, "--to", tamperedBin);

        // A release without this platform's archive.
        var other = Copy(release, "other");
        await File.WriteAllTextAsync(Path.Combine(other, "SHA256SUMS"),
            (await File.ReadAllTextAsync(Path.Combine(release, "SHA256SUMS"), TestContext.Current.CancellationToken)).Replace("-linux-", "-plan9-", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);
        var missing = await RunAsync(Install, "--from", other, "--to", tamperedBin);

        Assert.True(packed.ExitCode == 0, packed.ToString());
        Assert.Matches(@"^wayli-migrate-[0-9][^-]*-linux-(x64|arm64)\.tar\.gz$", archive);
        Assert.True(installed.ExitCode == 0, installed.ToString());
        Assert.Contains("SHA-256 checked", installed.Output, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.True(await db.ExistsAsync("public.database_migrations"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("not the", refused.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was installed", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(tamperedBin, "wayli-migrate")));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("has no archive for linux-", missing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(tamperedBin, "wayli-migrate")));
    }

    static string Install => Path.Combine(Paths.Repository, "install.sh");

    string Copy(string release, string name)
    {
        var copy = Path.Combine(_root, name);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(release))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    static async Task<CliResult> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        return await Tool.WaitAsync(process);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
