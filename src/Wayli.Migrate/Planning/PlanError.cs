using System.Text.Json.Serialization;

namespace Wayli.Migrate.Planning;

/// <summary>A state of the plan that stands between the files and a clean <c>migrate</c> (see <see cref="ValidationRules"/>).</summary>
/// <param name="VersionText">The version it concerns.</param>
/// <param name="State">The version's state.</param>
/// <param name="Message">What is wrong and what to do.</param>
public sealed record PlanError([property: JsonPropertyName("version")] string VersionText, MigrationState State, string Message);
