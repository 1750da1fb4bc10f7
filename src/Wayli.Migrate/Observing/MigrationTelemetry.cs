using System.Diagnostics;

namespace Wayli.Migrate.Observing;

/// <summary>
/// Tracing: a span for each run and one for each migration, from the <see cref="ActivitySourceName"/> source, so
/// OpenTelemetry users see them (<c>AddSource("Wayli.Migrate")</c>). Tags name the migration, its file and how it ran.
/// </summary>
public static class MigrationTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> to listen to.</summary>
    public const string ActivitySourceName = "Wayli.Migrate";

    internal static readonly ActivitySource Source = new(ActivitySourceName, ToolVersion.Current);
}
