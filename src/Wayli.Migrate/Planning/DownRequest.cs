using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Planning;

/// <summary>Which applied migrations <c>down</c> reverts: the newest <see cref="Steps"/>, or every one newer than <see cref="To"/>.</summary>
/// <param name="Steps">How many of the newest applied migrations to revert (1 or more); null when <see cref="To"/> is given.</param>
/// <param name="To">The applied version to go back to (it stays applied); zero reverts every migration.</param>
public sealed record DownRequest(int? Steps, MigrationVersion? To)
{
    /// <summary>Revert the newest <paramref name="steps"/> applied migrations.</summary>
    public static DownRequest Newest(int steps) => new(steps, null);

    /// <summary>Revert every applied migration newer than <paramref name="version"/>.</summary>
    public static DownRequest Back(MigrationVersion version) => new(null, version);
}
