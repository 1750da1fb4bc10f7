namespace Wayli.Migrate.Cli.Rendering;

/// <summary>How lint reports name files: relative to the working folder with forward slashes, as editors and CI link them.</summary>
internal static class LintPath
{
    /// <summary><c>supabase/migrations/20250101000000_init.sql</c> for a file below the working folder.</summary>
    public static string Display(CliContext context, string path) =>
        Path.GetRelativePath(context.WorkingDirectory, context.ResolvePath(path)).Replace('\\', '/');

    /// <summary>The relative path as a URI reference, each segment percent-encoded (a space becomes <c>%20</c>).</summary>
    public static string Uri(CliContext context, string path) =>
        string.Join('/', Display(context, path).Split('/').Select(System.Uri.EscapeDataString));
}
