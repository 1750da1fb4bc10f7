namespace Wayli.Migrate.Runs;

/// <summary>One migration <c>down</c> reverts (or would revert), and how.</summary>
/// <param name="Version">The version as recorded in history.</param>
/// <param name="File">The file name.</param>
/// <param name="InTransaction">True when its down part runs in one transaction with its history change.</param>
/// <param name="Reason">Why its down part runs outside a transaction, when it does.</param>
/// <param name="Sql">Everything that is sent for it, history change included, when asked for.</param>
/// <param name="Reverted">True once it was reverted by this run.</param>
/// <param name="ElapsedMs">How long its revert took, in milliseconds, once reverted.</param>
public sealed record DownStep(string Version, string File, bool InTransaction, string? Reason, string? Sql, bool Reverted, double? ElapsedMs);
