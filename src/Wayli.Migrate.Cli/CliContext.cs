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
        Output = new RedactingWriter(output, Secrets);
        Error = new RedactingWriter(error, Secrets);
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

    /// <summary>Resolves a path given on the command line against <see cref="WorkingDirectory"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
