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
        Output = new RedactingWriter(output, Secrets, ShowPathsAsGiven);
        Error = new RedactingWriter(error, Secrets, ShowPathsAsGiven);
        Environment = environment;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>True when a person watches the output on a terminal.</summary>
    public bool IsInteractive { get; }

    /// <summary>How much to say besides results (-q, -v).</summary>
    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    /// <summary>Secrets that must never be written out.</summary>
    public SecretList Secrets { get; } = new();

    /// <summary>Where results go.</summary>
    public TextWriter Output { get; }

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
            {
                if (!text.Contains(full, StringComparison.Ordinal))
                    continue;
                text = System.Text.RegularExpressions.Regex.Replace(text,
                    System.Text.RegularExpressions.Regex.Escape(full) + @"(?=[/\\:\s'""),]|$)", given.Replace("$", "$$", StringComparison.Ordinal),
                    System.Text.RegularExpressions.RegexOptions.Multiline);
            }
        }
        return text;
    }
}
