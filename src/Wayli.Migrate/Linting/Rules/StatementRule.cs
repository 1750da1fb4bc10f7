using Wayli.Migrate.Linting.Shapes;

namespace Wayli.Migrate.Linting.Rules;

/// <summary>
/// A lint rule over one top-level statement. A rule reads the statement's tokens and what came before it in the file
/// and the set; it never sees inside a <c>DO</c> block or a function body, which is where people write their guards.
/// </summary>
internal abstract class StatementRule
{
    /// <summary>The rule's id, title, severity and help.</summary>
    public abstract LintRule Rule { get; }

    /// <summary>Every violation in <paramref name="statement"/>; empty when it complies.</summary>
    public abstract IEnumerable<RuleViolation> Check(LintStatement statement, LintContext context);
}
