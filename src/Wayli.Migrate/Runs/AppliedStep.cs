using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>A migration a run applied, and how long it took.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Elapsed">The time from sending it to its commit, as the client saw it.</param>
public sealed record AppliedStep(Migration Migration, TimeSpan Elapsed);
