namespace Wayli.Migrate.Runs;

/// <summary>Which files of the folder a lint run reports on: all of them, or those named, and why.</summary>
/// <param name="Description">Why only some (<c>changed since HEAD~1</c>); null for all.</param>
/// <param name="Files">The file names in scope; null for all.</param>
internal sealed record LintScope(string? Description, IReadOnlySet<string>? Files)
{
    /// <summary>Every file.</summary>
    public static LintScope All { get; } = new(null, null);

    /// <summary>True when the file named <paramref name="fileName"/> is in scope.</summary>
    public bool Includes(string fileName) => Files is null || Files.Contains(fileName);

    /// <summary>The files of both scopes, for both reasons.</summary>
    public LintScope And(LintScope other) => (Files, other.Files) switch
    {
        (null, _) => other with { Description = Join(Description, other.Description) },
        (_, null) => this with { Description = Join(Description, other.Description) },
        var (mine, theirs) => new LintScope(Join(Description, other.Description), mine.Intersect(theirs, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal)),
    };

    static string? Join(string? first, string? second) => first is null ? second : second is null ? first : $"{first} and {second}";
}
