using Wayli.Migrate.Conversion;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>adopt --source-dir</c> wrote and recorded, would write and record without <c>--yes</c>, or why it refused.</summary>
/// <param name="From">The other tool.</param>
/// <param name="SourceDirectory">Its project folder.</param>
/// <param name="Directory">The migrations folder written to.</param>
/// <param name="Written">True when the files were written (and the history recorded, with a database).</param>
/// <param name="Files">Every file of the converted project, in order.</param>
/// <param name="Unchanged">The files already in the migrations folder with the same text (not written again).</param>
/// <param name="Problems">Why nothing was written, by file and line.</param>
/// <param name="Notes">What was left out or is worth knowing.</param>
/// <param name="History">What is recorded in the history (null without a database, or when the files were refused).</param>
public sealed record ConversionResult(
    string From,
    string SourceDirectory,
    string Directory,
    bool Written,
    IReadOnlyList<ConvertedFile> Files,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<SourceProblem> Problems,
    IReadOnlyList<string> Notes,
    MaintenanceResult? History)
{
    /// <summary>True when nothing was written because the project or the history cannot be adopted as it is.</summary>
    public bool Refused => Problems.Count > 0 || History?.Refused == true;
}
