using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Verification;

/// <summary>One thing <c>test</c> found: which rule, where, and what to do.</summary>
/// <param name="Rule">A stable id, such as <c>idempotency.fails-on-rerun</c>.</param>
/// <param name="Failing">True when it makes the test fail; false for information (such as pending migrations).</param>
/// <param name="File">The migration file it is about, if any.</param>
/// <param name="Line">The 1-based line, when known.</param>
/// <param name="Column">The 1-based column, when known.</param>
/// <param name="Message">What was found.</param>
public sealed record TestFinding(string Rule, bool Failing, string? File, int? Line, int? Column, string Message)
{
    /// <summary><c>file:line:column: rule: message</c>, leaving out what is unknown.</summary>
    public override string ToString()
    {
        var place = File is null ? "" : FileLocation.Format(File, Line, Column) + ": ";
        return $"{place}{Rule}: {Message}";
    }
}
