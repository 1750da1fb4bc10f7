using System.Text.Json.Serialization;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Runs;

/// <summary>A migration a run applied, and how long it took.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Version">The version as recorded in history (as written in the file name unless an earlier row wrote it otherwise).</param>
/// <param name="Elapsed">The time from sending it to its commit, as the client saw it.</param>
public sealed record AppliedStep([property: JsonIgnore] Migration Migration, string Version, [property: JsonIgnore] TimeSpan Elapsed)
{
    /// <summary>The file name.</summary>
    public string File => Migration.FileName;

    /// <summary>The elapsed time in milliseconds, to a tenth.</summary>
    public double ElapsedMs => Math.Round(Elapsed.TotalMilliseconds, 1);

    /// <summary><c>single</c> when it ran in one transaction, <c>none</c> when statement by statement.</summary>
    public string Transaction => Migration.Transaction.Mode == TransactionMode.Transactional ? "single" : "none";
}
