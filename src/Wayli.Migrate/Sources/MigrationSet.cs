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
    /// <summary>The repeatable migrations (<c>repeatable/*.sql</c>), ordered by name (ordinal).</summary>
    public IReadOnlyList<Migration> Repeatables { get; init; } = [];

    /// <summary>The callbacks (<c>callbacks/*.sql</c>), ordered by name (ordinal).</summary>
    public IReadOnlyList<Migration> Callbacks { get; init; } = [];

    /// <summary>Every file of the set: versioned migrations, then repeatables, then callbacks.</summary>
    public IEnumerable<Migration> AllFiles => [.. Migrations, .. Repeatables, .. Callbacks];

    /// <summary>The callbacks of one event, in name order.</summary>
    public IEnumerable<Migration> CallbacksFor(CallbackEvent callbackEvent) => Callbacks.Where(c => c.Name.Event == callbackEvent);

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;
}
