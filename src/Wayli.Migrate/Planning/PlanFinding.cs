namespace Wayli.Migrate.Planning;

/// <summary>Something in the plan a person should know about.</summary>
/// <param name="VersionText">The version it concerns.</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Blocking">True when <c>migrate</c> must not apply anything because of it.</param>
public sealed record PlanFinding(string VersionText, string Message, bool Blocking);
