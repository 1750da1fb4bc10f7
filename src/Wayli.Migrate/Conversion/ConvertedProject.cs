using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Conversion;

/// <summary>Another tool's project in this tool's layout: the files to write, and what could not be converted.</summary>
/// <param name="Tool">goose, golang-migrate, dbmate or flyway.</param>
/// <param name="Directory">The other tool's project folder.</param>
/// <param name="Files">The files to write: versioned migrations in version order, then repeatables, then callbacks.</param>
/// <param name="Problems">What stops the conversion, by file and line; when there are any, nothing is written.</param>
/// <param name="Notes">What was left out or changed, which changes nothing.</param>
public sealed record ConvertedProject(string Tool, string Directory, IReadOnlyList<ConvertedFile> Files, IReadOnlyList<SourceProblem> Problems, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The version here of the migration the other tool records as <paramref name="foreignVersion"/>: whole numbers
    /// compare as numbers (goose's <c>1</c> is the file <c>00001_…</c>), Flyway's dotted versions part by part.
    /// </summary>
    public string? VersionOf(string foreignVersion)
    {
        var key = ProjectConverter.VersionKey(foreignVersion);
        return Files.FirstOrDefault(f => f.OriginalVersion is { } original && ProjectConverter.VersionKey(original) == key)?.Version;
    }

    /// <summary>The text of the (first) file <paramref name="file"/> was made from, as the other tool read it.</summary>
    public string SourceText(ConvertedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ProjectConverter.ReadText(System.IO.Path.Combine(Directory, file.From[0]));
    }
}
