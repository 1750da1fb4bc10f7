using System.Diagnostics;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 16, npm: <c>scripts/package-npm.sh</c> packs the native binary (WAYLI_MIGRATE_BINARY) as the
/// <c>wayli-migrate</c> package and this platform's <c>@wayli-migrate/…</c> package; installed from those tarballs
/// into a scratch JavaScript project whose PATH has node, npm and sh but no .NET, <c>npx wayli-migrate</c> answers,
/// runs a real <c>migrate</c>, passes exit codes through, and passes SIGTERM on to the binary.
/// </summary>
public sealed class NpmPackageTests(PostgresServer server) : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("wayli-npm-").FullName;

    [Fact]
    public async Task The_packages_install_from_their_tarballs_and_npx_runs_migrate_without_dotnet()
    {
        var binary = Environment.GetEnvironmentVariable("WAYLI_MIGRATE_BINARY");
        if (string.IsNullOrEmpty(binary) || !File.Exists(binary))
            Assert.Skip("WAYLI_MIGRATE_BINARY is not set to a native build (scripts/test.sh publishes one): the npm packages were not tested");
        var tools = NodeWithoutDotnet();
        var packages = Path.Combine(_root, "packages");
        var packed = await RunAsync(null, null, Path.Combine(Paths.Repository, "scripts", "package-npm.sh"), packages, "--binary", binary);
        Assert.True(packed.ExitCode == 0, packed.ToString());
        var tarballs = Directory.GetFiles(packages, "*.tgz").Order(StringComparer.Ordinal).ToArray();

        var project = Path.Combine(_root, "app");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "package.json"), """{ "name": "app", "private": true }""", TestContext.Current.CancellationToken);
        // --offline: everything comes from the tarballs; the other platforms' optional packages are skipped.
        var install = await RunAsync(project, tools, "npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", .. tarballs]);
        var version = await RunAsync(project, tools, "npx", "wayli-migrate", "--version");
        var db = await server.CreateDatabaseAsync();
        var migrate = await RunAsync(project, tools, "npx", "wayli-migrate", "migrate", "--db-url", db.Url, "--dir", Paths.ExampleMigrations);
        var usage = await RunAsync(project, tools, "npx", "wayli-migrate", "migrate", "--dir", Path.Combine(_root, "missing"));
        var marker = "none_" + Guid.NewGuid().ToString("N");
        var launcherCode = await TerminatedWhileWaitingAsync(tools, marker, "node", Path.Combine(project, "node_modules", "wayli-migrate", "bin", "wayli-migrate.js"));
        var binaryLeft = await StillRunningAsync(marker);

        Assert.Equal(2, tarballs.Length);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith((await RunAsync(null, null, binary, "--version")).Output.Trim(), version.Output.Trim(), StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.True(await db.ExistsAsync("public.database_migrations"));
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
        Assert.Contains("does not exist", usage.Error, StringComparison.Ordinal);
        // SIGTERM to the launcher reaches the binary: it stops waiting (it would wait 60 s) and ends, and the launcher
        // ends with it, not with node's own 143.
        Assert.False(binaryLeft, "the binary kept running after the launcher got SIGTERM");
        Assert.NotEqual(0, launcherCode);
        Assert.NotEqual(143, launcherCode);
    }

    /// <summary>A folder holding only node, npm, npx and sh, for a PATH on which there is no dotnet.</summary>
    string NodeWithoutDotnet()
    {
        var folder = Path.Combine(_root, "path");
        Directory.CreateDirectory(folder);
        foreach (var tool in (string[])["node", "npm", "npx", "sh"])
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
                .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
            if (found is null)
                Assert.Skip($"{tool} is not on PATH (CI installs node and npm from Debian): the npm packages were not tested");
            File.CreateSymbolicLink(Path.Combine(folder, tool), found);
        }
        return folder;
    }

    /// <summary>True when a process whose command line holds <paramref name="marker"/> still runs (after a moment to end).</summary>
    static async Task<bool> StillRunningAsync(string marker)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", marker]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            await pgrep.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (pgrep.ExitCode != 0)
                return false;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return true;
    }

    /// <summary>Starts a migrate that waits for an unreachable database, sends SIGTERM once it waits, and returns its exit code.</summary>
    static async Task<int> TerminatedWhileWaitingAsync(string path, string marker, string program, params string[] before)
    {
        using var process = Start(null, path, program,
            [.. before, "migrate", "--dir", Paths.ExampleMigrations, "--db-url", $"postgres://nobody:x@127.0.0.1:1/{marker}", "--wait-for-db", "60s"]);
        var waiting = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("waiting for the database", StringComparison.Ordinal) == true)
                waiting.TrySetResult();
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return process.ExitCode;
    }

    static Process Start(string? folder, string? path, string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(path is null || Path.IsPathRooted(program) ? program : Path.Combine(path, program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder ?? "",
        };
        if (path is not null)
            info.Environment["PATH"] = path;
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
    }

    static async Task<CliResult> RunAsync(string? folder, string? path, string program, params string[] arguments)
    {
        using var process = Start(folder, path, program, arguments);
        return await Tool.WaitAsync(process);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
