namespace Wayli.Migrate.Verification;

/// <summary>One reason a rehearsed statement is risky, about one relation, in words a reviewer understands.</summary>
/// <param name="Level">How risky this part is.</param>
/// <param name="Relation">The table (or index) concerned.</param>
/// <param name="Kind">What happens to it: <c>rewrite</c>, <c>index-build</c>, <c>scan</c> or <c>lock</c>.</param>
/// <param name="Text">The sentence: what, on which relation, how big it is on the target, under which lock, what that blocks.</param>
public sealed record StatementRisk(RiskLevel Level, string Relation, string Kind, string Text);
