using Wayli.Migrate.Failures;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>A run refused because its migrations have problems; every problem is listed, each with its file and place.</summary>
public sealed class SourceProblemsException : MigrateException
{
    SourceProblemsException(string location, IReadOnlyList<SourceProblem> problems)
        : base(FailureKind.Validation, $"{problems.Count} problem(s) in {location}; nothing was done to the database:\n" + string.Join('\n', problems))
    {
        Location = location;
        Problems = problems;
    }

    /// <summary>Where the migrations came from.</summary>
    public string Location { get; }

    /// <summary>Every problem, in file order.</summary>
    public IReadOnlyList<SourceProblem> Problems { get; }

    /// <summary>Throws when <paramref name="problems"/> is not empty.</summary>
    public static void ThrowIfAny(string location, IReadOnlyList<SourceProblem> problems)
    {
        if (problems.Count > 0)
            throw new SourceProblemsException(location, problems);
    }
}
