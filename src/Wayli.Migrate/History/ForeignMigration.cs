using Wayli.Migrate.Sources;

namespace Wayli.Migrate.History;

/// <summary>A migration another tool recorded as applied.</summary>
/// <param name="VersionText">Its version as that tool wrote it.</param>
/// <param name="Name">Its description or script name in that tool.</param>
/// <param name="Through">True when the tool records only its newest version and every earlier one is applied too
/// (golang-migrate's one row).</param>
public sealed record ForeignMigration(string VersionText, string Name, bool Through = false)
{
    /// <summary>The version as a number, when it is one (Flyway's dotted versions are not).</summary>
    public MigrationVersion? Version => MigrationVersion.TryParse(VersionText, out var version) ? version : null;
}
