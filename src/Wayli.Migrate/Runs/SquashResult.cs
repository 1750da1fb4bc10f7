namespace Wayli.Migrate.Runs;

/// <summary>What <c>squash</c> proved and did: one file in place of the migrations up to a version.</summary>
/// <param name="Version">The last version replaced, and the squashed file's.</param>
/// <param name="File">The squashed file's path (written only when <paramref name="Applied"/>).</param>
/// <param name="Replaced">The files it replaces, in version order.</param>
/// <param name="Objects">How many schema objects the proof compared (equal on both scratch databases).</param>
/// <param name="Tables">How many tables' rows the proof compared (row counts and hashes equal).</param>
/// <param name="MovedTo">Where the replaced files were moved; null when they were deleted, or nothing was changed.</param>
/// <param name="Applied">False when it only proved and said what it would do (without <c>--yes</c>).</param>
/// <param name="Notes">What a reader should know: down parts dropped, where the proof ran, the clean-up.</param>
public sealed record SquashResult(
    string Version,
    string File,
    IReadOnlyList<string> Replaced,
    int Objects,
    int Tables,
    string? MovedTo,
    bool Applied,
    IReadOnlyList<string> Notes);
