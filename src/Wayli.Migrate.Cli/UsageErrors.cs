using System.CommandLine;

namespace Wayli.Migrate.Cli;

/// <summary>
/// Turns the parser's complaints into messages a person can act on: a mistyped command or option is matched to the
/// nearest one ("did you mean --lock-timeout?"), the value after an unknown option is not reported a second time, and
/// the help to read is the command's own.
/// </summary>
internal static class UsageErrors
{
    /// <summary>Options people bring from other tools, and what to use here instead.</summary>
    static readonly Dictionary<string, string> Elsewhere = new(StringComparer.Ordinal)
    {
        ["--dry-run"] = "'wayli-migrate plan' shows what migrate would do without changing anything (plan --sql: the exact SQL)",
        ["--database-url"] = "the database is given with --db-url (or DATABASE_URL)",
        ["--url"] = "the database is given with --db-url (or DATABASE_URL)",
        ["--migrations-dir"] = "the migrations folder is given with --dir",
        ["--force"] = "a changed applied file is allowed with --allow-drift; repair realigns checksums",
    };

    /// <summary>The lines to print for a command line that did not parse.</summary>
    public static IReadOnlyList<string> Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var lines = new List<string>();
        var unmatched = parsed.UnmatchedTokens.ToList();
        string? previousUnknownOption = null;
        foreach (var token in unmatched)
        {
            if (token.StartsWith('-'))
            {
                lines.Add(UnknownOption(command, token));
                previousUnknownOption = token;
            }
            else if (previousUnknownOption is null)
            {
                lines.Add(UnknownWord(command, token));
                // What follows a mistyped command belongs to that command: nothing more can be said about it here.
                if (command is RootCommand)
                    break;
            }
            else
            {
                // The value of the unknown option just reported: one mistake, one message.
                previousUnknownOption = null;
            }
        }
        foreach (var error in parsed.Errors.Where(e => !IsAboutUnmatched(e.Message, unmatched)))
        {
            if (unmatched.Count > 0 && error.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
                continue;
            lines.Add($"error: {error.Message}");
        }
        lines.Add($"Run '{HelpCommand(command)}' for usage.");
        return lines;
    }

    static string UnknownOption(Command command, string token)
    {
        if (Elsewhere.TryGetValue(token, out var instead))
            return $"error: {Where(command)} has no option {token}: {instead}";
        var names = OptionsOf(command).ToList();
        return Nearest(token, names) is { } nearest
            ? $"error: {Where(command)} has no option {token}; did you mean {nearest}?"
            : $"error: {Where(command)} has no option {token}";
    }

    static string UnknownWord(Command command, string token)
    {
        var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (commands.Count == 0)
            return $"error: {Where(command)} takes no argument '{token}'";
        return Nearest(token, commands) is { } nearest
            ? $"error: there is no command '{token}'; did you mean {nearest}?"
            : $"error: there is no command '{token}' (commands: {string.Join(", ", commands)})";
    }

    static IEnumerable<string> OptionsOf(Command command)
    {
        for (Command? current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in current.Options.Where(o => ReferenceEquals(current, command) || o.Recursive))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
                    yield return alias;
            }
        }
    }

    /// <summary>The candidate closest to <paramref name="word"/>, when it is close enough to be the one meant.</summary>
    static string? Nearest(string word, IReadOnlyList<string> candidates)
    {
        var best = candidates.Select(c => (Candidate: c, Distance: Distance(word, c))).OrderBy(c => c.Distance).ThenBy(c => c.Candidate, StringComparer.Ordinal).FirstOrDefault();
        var allowed = Math.Max(2, word.TrimStart('-').Length / 3);
        return best.Candidate is not null && best.Distance <= allowed ? best.Candidate : null;
    }

    /// <summary>Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions, swaps.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    static bool IsAboutUnmatched(string message, IReadOnlyList<string> unmatched) =>
        message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal) && unmatched.Any(t => message.Contains($"'{t}'", StringComparison.Ordinal));

    static string Where(Command command) => command is RootCommand ? "wayli-migrate" : command.Name;

    static string HelpCommand(Command command) => command is RootCommand ? "wayli-migrate --help" : $"wayli-migrate {command.Name} --help";
}
