using System.Text.Json.Serialization;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>The migration that failed in a run, and why.</summary>
/// <param name="Migration">The failed migration.</param>
/// <param name="Version">The version as recorded in history.</param>
/// <param name="Error">The located error.</param>
public sealed record MigrationFailure([property: JsonIgnore] Migration Migration, string Version, MigrationError Error)
{
    /// <summary>The file name.</summary>
    public string File => Migration.FileName;
}
