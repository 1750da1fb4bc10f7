namespace Wayli.Migrate.Runs;

/// <summary>One migration <c>migrate</c> would apply, and how.</summary>
/// <param name="Version">The version as it would be recorded.</param>
/// <param name="File">The file name.</param>
/// <param name="InTransaction">True when it would run in one transaction with its history row.</param>
/// <param name="Reason">Why it would run outside a transaction, when it would.</param>
/// <param name="Sql">Everything that would be sent for it, history write included, when asked for.</param>
public sealed record PlannedStep(string Version, string File, bool InTransaction, string? Reason, string? Sql);
