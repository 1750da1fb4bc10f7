using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>validate</c> found: the files' problems and, with a database, the history's errors.</summary>
/// <param name="Files">How many migration files were read.</param>
/// <param name="Problems">What is wrong with the files.</param>
/// <param name="Status">Where the database stands; null when no database was given (the files alone were checked).</param>
/// <param name="Errors">The plan's errors (drift, missing files, failed or out-of-order migrations).</param>
public sealed record ValidateResult(int Files, IReadOnlyList<SourceProblem> Problems, StatusResult? Status, IReadOnlyList<PlanError> Errors)
{
    /// <summary>True when nothing stands between the files and a clean <c>migrate</c>.</summary>
    public bool Valid => Problems.Count == 0 && Errors.Count == 0;
}
