using System.ComponentModel;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Local;

namespace Wayli.Migrate.Git;

/// <summary>
/// Which files of a folder git says were added or changed since a commit: committed since, changed in the working
/// tree, or new and not ignored. Deleted files are not listed. Only git's plumbing output is read (NUL-separated paths),
/// never its messages, which are passed on as they are when git refuses.
/// </summary>
internal static class GitChanges
{
    /// <summary>The names of the files directly in <paramref name="folder"/> added or changed since <paramref name="reference"/>.</summary>
    /// <param name="folder">The folder, which must be in a git working tree.</param>
    /// <param name="reference">A commit: a branch, a tag, <c>HEAD~1</c>, a hash.</param>
    /// <param name="option">How the user named the option, for messages (<c>--since</c>).</param>
    /// <param name="cancellationToken">Cancels git.</param>
    /// <exception cref="MigrateException">git is missing, the folder is not in a repository, or the commit is unknown
    /// (<see cref="FailureKind.Usage"/>).</exception>
    public static async Task<IReadOnlySet<string>> FilesChangedSinceAsync(string folder, string reference, string option,
        CancellationToken cancellationToken)
    {
        // A reference is never an option: "--output=FILE" given as one must not reach git's command line as one.
        if (string.IsNullOrWhiteSpace(reference) || reference.StartsWith('-'))
            throw new MigrateException(FailureKind.Usage, $"{option} '{reference}' is not a git commit (a branch, a tag, HEAD~1 or a hash)");
        var inRepository = await GitAsync(folder, ["rev-parse", "--is-inside-work-tree"], option, cancellationToken);
        if (inRepository.ExitCode != 0)
            throw new MigrateException(FailureKind.Usage, $"{option} needs a git repository, and git found none at {folder} ({FirstLine(inRepository.Error)})");
        var commit = await GitAsync(folder, ["rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}"], option, cancellationToken);
        if (commit.ExitCode != 0)
        {
            throw new MigrateException(FailureKind.Usage,
                $"{option} '{reference}': git knows no such commit in the repository of {folder} (a shallow clone in CI may lack it: fetch the history, "
                + "e.g. actions/checkout with fetch-depth: 0)");
        }
        var hash = commit.Output.Trim();
        var changed = await GitAsync(folder, ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "--relative", hash, "--", "."], option, cancellationToken);
        var untracked = await GitAsync(folder, ["ls-files", "-z", "--others", "--exclude-standard", "--", "."], option, cancellationToken);
        foreach (var failed in new[] { changed, untracked }.Where(r => r.ExitCode != 0))
            throw new MigrateException(FailureKind.Usage, $"{option} '{reference}': git could not list the changed files of {folder} ({FirstLine(failed.Error)})");
        // Paths are relative to the folder; a migration is a file directly in it.
        return (changed.Output + untracked.Output).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !path.Contains('/', StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
    }

    static async Task<ProcessOutput> GitAsync(string folder, IReadOnlyList<string> arguments, string option, CancellationToken cancellationToken)
    {
        try
        {
            return await ProcessRunner.CaptureAsync("git", ["-C", folder, .. arguments], null, cancellationToken);
        }
        catch (Win32Exception e)
        {
            throw new MigrateException(FailureKind.Usage, $"{option} runs git, which was not found ({e.Message}): install git, or lint every file without {option}", e);
        }
    }

    static string FirstLine(string text) => text.Trim().Split('\n')[0].Trim() is { Length: > 0 } line ? line : "git gave no reason";
}
