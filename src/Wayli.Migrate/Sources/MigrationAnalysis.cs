using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>What the lexed SQL of a migration says about how to run it, and what is wrong with it.</summary>
/// <param name="Transaction">Whether it runs in one transaction, and why not.</param>
/// <param name="OutOfOrderAllowed">True when it carries <c>-- migrate:out-of-order-ok</c>.</param>
/// <param name="Problems">The lexer's and the directives' problems, in file order.</param>
internal sealed record MigrationAnalysis(TransactionPlan Transaction, bool OutOfOrderAllowed, IReadOnlyList<SqlProblem> Problems)
{
    /// <summary>Analyses a lexed migration.</summary>
    public static MigrationAnalysis Of(SqlScript script)
    {
        var directives = MigrationDirectives.Parse(script);
        return new MigrationAnalysis(TransactionRequirement.Analyze(script, directives), directives.OutOfOrderAllowed,
            [.. script.Problems, .. directives.Problems]);
    }
}
