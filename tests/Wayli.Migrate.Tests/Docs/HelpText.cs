using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Docs;

/// <summary>What the command says about itself in <c>--help</c>: its subcommands, and each one's options.</summary>
internal static partial class HelpText
{
    static readonly ConcurrentDictionary<string, Task<IReadOnlySet<string>>> Options = new(StringComparer.Ordinal);

    /// <summary>The subcommands listed by <c>wayli-migrate --help</c>.</summary>
    public static async Task<IReadOnlySet<string>> CommandsAsync()
    {
        var help = await RunAsync("--help");
        return Section(help, "Commands:").Select(line => CommandName().Match(line)).Where(m => m.Success)
            .Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The options of a command as its <c>--help</c> lists them (<c>--db-url</c>, <c>-h</c>, …); the root's for "".
    /// </summary>
    public static Task<IReadOnlySet<string>> OptionsAsync(string command) => Options.GetOrAdd(command, async name =>
    {
        var help = await (name.Length == 0 ? RunAsync("--help") : RunAsync(name, "--help"));
        var options = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Section(help, "Options:").Where(l => l.StartsWith("  -", StringComparison.Ordinal)))
        {
            var names = OptionNames().Match(line).Groups["names"].Value;
            foreach (Match option in OptionName().Matches(names))
                options.Add(option.Value);
        }
        return options;
    });

    static async Task<string> RunAsync(params string[] args)
    {
        var result = await Tool.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return result.Output;
    }

    /// <summary>The lines after a heading such as <c>Options:</c>, up to the next heading (a line that is not indented).</summary>
    static IEnumerable<string> Section(string help, string heading) =>
        help.Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => l != heading).Skip(1).TakeWhile(l => l.Length == 0 || char.IsWhiteSpace(l[0]));

    /// <summary>A command's line: its name two spaces in, as in <c>  sandbox &lt;command&gt;  Run a command…</c>.</summary>
    [GeneratedRegex(@"^  (?<name>[a-z][\w-]*)(?:\s|$)")]
    private static partial Regex CommandName();

    /// <summary>The part of a help line before the description: <c>  -?, -h, --help  Show help…</c> gives <c>-?, -h, --help</c>.</summary>
    [GeneratedRegex(@"^\s+(?<names>\S.*?)(?:\s{2,}|$)")]
    private static partial Regex OptionNames();

    [GeneratedRegex(@"(?<![\w-])--?[\w?][\w-]*")]
    private static partial Regex OptionName();
}
