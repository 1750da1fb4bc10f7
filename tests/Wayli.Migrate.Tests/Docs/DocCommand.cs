using System.Globalization;
using System.Text.RegularExpressions;

namespace Wayli.Migrate.Tests.Docs;

/// <summary>
/// One <c>wayli-migrate …</c> line of a runnable (<c>sh</c>) block: the environment assignments before it, the
/// arguments after it, and the exit code the page promises (0, or <c>N</c> from a trailing <c># exit N</c>).
/// </summary>
/// <param name="Location">Where the line is: <c>docs/commands.md:42</c>.</param>
/// <param name="Text">The line as written (continuations joined).</param>
/// <param name="Environment">The scenario's variables plus the line's own <c>NAME=value</c> assignments.</param>
/// <param name="Arguments">The words after <c>wayli-migrate</c>.</param>
/// <param name="ExpectedExitCode">The exit code the page states.</param>
public sealed partial record DocCommand(string Location, string Text, IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Arguments, int ExpectedExitCode)
{
    /// <summary>The program every runnable line calls.</summary>
    public const string Program = "wayli-migrate";

    /// <summary>The commands of a runnable block, with variables expanded from <paramref name="environment"/>.</summary>
    /// <exception cref="FormatException">A line is not a <c>wayli-migrate</c> command, or cannot be split.</exception>
    public static IReadOnlyList<DocCommand> Parse(CodeBlock block, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(environment);
        var commands = new List<DocCommand>();
        foreach (var (number, text) in JoinContinuations(block.Lines))
        {
            var location = $"docs/{block.Page}:{number}";
            if (text.Trim().Length == 0 || text.TrimStart().StartsWith('#'))
                continue;
            IReadOnlyList<string> words;
            string? comment;
            try
            {
                (words, comment) = ShellWords.Split(text, name => environment.GetValueOrDefault(name));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{location}: {e.Message}", e);
            }
            var lineEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            var index = 0;
            while (index < words.Count && Assignment().Match(words[index]) is { Success: true } assignment)
            {
                lineEnvironment[assignment.Groups["name"].Value] = assignment.Groups["value"].Value;
                index++;
            }
            if (index >= words.Count || words[index] != Program)
                throw new FormatException($"{location}: a line of an sh block must be a '{Program} …' command (use a bash block for other steps): {text}");
            var expected = comment is not null && ExitComment().Match(comment) is { Success: true } exit
                ? int.Parse(exit.Groups["code"].Value, CultureInfo.InvariantCulture)
                : 0;
            commands.Add(new DocCommand(location, text.Trim(), lineEnvironment, [.. words.Skip(index + 1)], expected));
        }
        return commands;
    }

    /// <summary>Joins lines that end in a backslash with the next, keeping the first line's number.</summary>
    internal static IEnumerable<(int Number, string Text)> JoinContinuations(IEnumerable<SourceLine> lines)
    {
        var pending = "";
        var first = 0;
        foreach (var line in lines)
        {
            if (pending.Length == 0)
                first = line.Number;
            var text = line.Text.TrimEnd();
            if (text.EndsWith('\\'))
            {
                pending += text[..^1] + " ";
                continue;
            }
            yield return (first, pending + line.Text);
            pending = "";
        }
        if (pending.Length > 0)
            yield return (first, pending);
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*)$", RegexOptions.Singleline)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^exit\s+(?<code>\d+)\b")]
    private static partial Regex ExitComment();
}
