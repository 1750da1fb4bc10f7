using Wayli.Migrate.Diffs;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>diff</c> found and wrote: the migration that turns what the folder's migrations make into the database's schema.</summary>
/// <param name="Database">The database whose schema the migration reproduces, named safely.</param>
/// <param name="Scratch">Where the migrations were replayed and the migration proved.</param>
/// <param name="Schemas">The schemas compared.</param>
/// <param name="Steps">What the migration does, object by object, in its order.</param>
/// <param name="Refusals">Differences it did not write, and why; when any, nothing was written.</param>
/// <param name="Sql">The migration's text, when it was proved (also with <c>--stdout</c>); two migrations, one after the
/// other, when enum labels are added (a label can be used only once the migration that added it has committed).</param>
/// <param name="Files">The files written, in order; none when nothing was written (nothing differs, a refusal, or <c>--stdout</c>).</param>
/// <param name="Notes">What a reader should know: the proof, the lint findings, the clean-up.</param>
public sealed record DiffResult(
    string Database,
    string Scratch,
    IReadOnlyList<string> Schemas,
    IReadOnlyList<DiffStep> Steps,
    IReadOnlyList<DiffRefusal> Refusals,
    string? Sql,
    IReadOnlyList<string> Files,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when the folder's migrations already make the database's schema.</summary>
    public bool UpToDate => Steps.Count == 0 && Refusals.Count == 0;
}
