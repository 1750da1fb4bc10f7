namespace Wayli.Migrate.Sql;

/// <summary>How a file will run, and why.</summary>
/// <param name="Mode">Transactional or not.</param>
/// <param name="Reason">Why it is not transactional (the statement and its kind, or the directive); null when it is.</param>
/// <param name="ForcedByDirective">True when a directive comment chose the mode rather than detection.</param>
public sealed record TransactionPlan(TransactionMode Mode, string? Reason, bool ForcedByDirective)
{
    /// <summary>The usual case: one transaction for the whole file.</summary>
    public static TransactionPlan Default { get; } = new(TransactionMode.Transactional, null, false);
}
