namespace Wayli.Migrate.Cli.Rendering;

/// <summary>How lint reports name files: relative to the working folder with forward slashes, as editors and CI link them.</summary>
internal static class LintPath
{
    /// <summary>
    /// The path relative to the working folder (the repository, in CI) as a URI reference, each segment
    /// percent-encoded (a space becomes <c>%20</c>): what code scanning links to.
    /// </summary>
    public static string Uri(CliContext context, string path) =>
        string.Join('/', Path.GetRelativePath(context.WorkingDirectory, Path.GetFullPath(path, context.WorkingDirectory)).Replace('\\', '/')
            .Split('/').Select(System.Uri.EscapeDataString));
}
