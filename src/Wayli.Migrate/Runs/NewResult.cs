namespace Wayli.Migrate.Runs;

/// <summary>The migration file <c>new</c> created.</summary>
/// <param name="Path">Its path.</param>
/// <param name="Version">Its version.</param>
public sealed record NewResult(string Path, string Version);
