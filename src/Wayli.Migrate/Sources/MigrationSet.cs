namespace Wayli.Migrate.Sources;

/// <summary>
/// The migrations found in a source, in version order, and every problem found while reading them.
/// A set with problems must not be applied.
/// </summary>
/// <param name="Location">Where the migrations came from (a folder), for messages.</param>
/// <param name="Migrations">The readable, well-named migrations, ordered by version.</param>
/// <param name="Problems">Everything wrong with the files, in file order; empty when all is well.</param>
public sealed record MigrationSet(string Location, IReadOnlyList<Migration> Migrations, IReadOnlyList<SourceProblem> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;
}
