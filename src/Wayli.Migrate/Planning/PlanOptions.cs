namespace Wayli.Migrate.Planning;

/// <summary>The choices that change what a plan allows.</summary>
/// <param name="AllowDrift">Go on even though applied migrations' files have changed.</param>
/// <param name="AllowOutOfOrder">Apply pending migrations that are older than the newest applied one.</param>
/// <param name="Target">Apply only up to and including this version; null for all.</param>
/// <param name="Names">How the findings name these options; the library's names when null.</param>
public sealed record PlanOptions(bool AllowDrift = false, bool AllowOutOfOrder = false, Sources.MigrationVersion? Target = null,
    OptionNames? Names = null);
