using Wayli.Migrate.Cli.Rendering;

namespace Wayli.Migrate.Cli;

/// <summary>
/// What a command may touch of the outside world: its output streams, its environment and its working folder.
/// Passing it in (rather than using <see cref="Console"/>) lets tests run many commands at once in one process.
/// Both writers scrub every secret registered with <see cref="Secrets"/>.
/// </summary>
public sealed class CliContext
{
    /// <summary>Creates a context around the given streams and environment.</summary>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors and progress notes go.</param>
    /// <param name="environment">Reads environment variables.</param>
    /// <param name="workingDirectory">The folder relative paths are resolved against.</param>
    /// <param name="interactive">True when a person watches the output on a terminal (progress shows elapsed time).</param>
    public CliContext(TextWriter output, TextWriter error, Func<string, string?> environment, string workingDirectory, bool interactive = false)
    {
        IsInteractive = interactive;
        _rawOutput = output;
        Output = new RedactingWriter(output, Secrets, ShowPathsAsGiven);
        Error = new RedactingWriter(error, Secrets, ShowPathsAsGiven);
        Environment = environment;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>True when a person watches the output on a terminal.</summary>
    public bool IsInteractive { get; }

    /// <summary>How much to say besides results (-q, -v).</summary>
    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    /// <summary>Writes a note of the engine (where a replay runs, what it is doing) to stderr, unless --quiet.</summary>
    public void Note(string note)
    {
        if (Verbosity != Verbosity.Quiet)
            Error.WriteLine(note);
    }

    /// <summary>Secrets that must never be written out.</summary>
    public SecretList Secrets { get; } = new();

    /// <summary>Where results go.</summary>
    public TextWriter Output { get; }

    /// <summary>
    /// Writes a result that is itself the secret the user asked for (<c>dev url</c>: the local database's URL with its
    /// password), past the redaction that would otherwise hide it when the same URL is also in <c>DATABASE_URL</c>.
    /// </summary>
    public async Task WriteUnredactedResultAsync(string line)
    {
        await Output.FlushAsync();
        await _rawOutput.WriteLineAsync(line);
        await _rawOutput.FlushAsync();
    }

    readonly TextWriter _rawOutput;

    /// <summary>Where errors, warnings and progress notes go.</summary>
    public TextWriter Error { get; }

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>The folder relative paths are resolved against.</summary>
    public string WorkingDirectory { get; }

    /// <summary>
    /// Resolves a path given on the command line against <see cref="WorkingDirectory"/>. The engine works with the
    /// full path; everything written out shows it again as it was given (<c>supabase/migrations/…</c>, not
    /// <c>/home/me/project/supabase/migrations/…</c>).
    /// </summary>
    public string ResolvePath(string path)
    {
        var resolved = Path.GetFullPath(path, WorkingDirectory);
        var given = path.TrimEnd('/', Path.DirectorySeparatorChar);
        var full = resolved.TrimEnd('/', Path.DirectorySeparatorChar);
        if (!Path.IsPathRooted(path) && given.Length > 0 && full.Length > 1)
        {
            lock (_pathsAsGiven)
                _pathsAsGiven[full] = given;
        }
        return resolved;
    }

    readonly Dictionary<string, string> _pathsAsGiven = new(StringComparer.Ordinal);

    /// <summary>Writes each resolved path the way it was given on the command line (the longest first).</summary>
    string ShowPathsAsGiven(string text)
    {
        lock (_pathsAsGiven)
        {
            foreach (var (full, given) in _pathsAsGiven.OrderByDescending(p => p.Key.Length))
                text = ReplaceWholePath(text, full, given);
        }
        return text;
    }

    /// <summary>Replaces <paramref name="full"/> where it is a whole path (or a folder of one): followed by a separator, a space, punctuation or the end.</summary>
    static string ReplaceWholePath(string text, string full, string given)
    {
        var at = text.IndexOf(full, StringComparison.Ordinal);
        if (at < 0)
            return text;
        var result = new System.Text.StringBuilder(text.Length);
        var copied = 0;
        for (; at >= 0; at = text.IndexOf(full, at + full.Length, StringComparison.Ordinal))
        {
            var end = at + full.Length;
            if (end < text.Length && !char.IsWhiteSpace(text[end]) && "/\\:'\"),".IndexOf(text[end], StringComparison.Ordinal) < 0)
                continue;
            result.Append(text, copied, at - copied).Append(given);
            copied = end;
        }
        return result.Append(text, copied, text.Length - copied).ToString();
    }
}
