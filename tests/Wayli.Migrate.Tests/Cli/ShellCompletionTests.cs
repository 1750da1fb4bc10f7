using System.Diagnostics;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Cli;

/// <summary>The bash completion script, run in a real bash against the built tool (its [suggest] directive).</summary>
public sealed class ShellCompletionTests
{
    [Theory]
    [InlineData("wayli-migrate mi", "migrate")]
    [InlineData("wayli-migrate migrate --ta", "--table --target --targets --targets-query")]
    [InlineData("wayli-migrate adopt --from ", "database_migrations dbmate flyway golang-migrate goose supabase")]
    public async Task Bash_completes_commands_options_and_values(string line, string expected)
    {
        var script = Path.Combine(Paths.Repository, "completions", "wayli-migrate.bash");
        var words = line.EndsWith(' ') ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("").ToArray() : line.Split(' ');
        var bash = $"""
            source '{script}'
            COMP_LINE='{line}'; COMP_POINT=${"{"}#COMP_LINE{"}"}
            COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}
            _wayli_migrate
            echo "${"{"}COMPREPLY[*]{"}"}"
            """;
        var info = new ProcessStartInfo("bash", ["-c", bash]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["PATH"] = AppContext.BaseDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info)!;
        var result = await Tool.WaitAsync(process);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, string.Join(' ', result.Output.Trim().Split(' ').Order(StringComparer.Ordinal)));
    }
}
