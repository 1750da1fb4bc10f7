using Wayli.Migrate.Sources;
using Wayli.Migrate.Execution;

namespace Wayli.Migrate.Runs;

/// <summary>The migration that failed in a run, and why.</summary>
/// <param name="Migration">The failed migration.</param>
/// <param name="Error">The located error.</param>
public sealed record MigrationFailure(Migration Migration, MigrationError Error);
