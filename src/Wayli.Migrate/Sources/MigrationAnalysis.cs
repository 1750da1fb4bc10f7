using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>What the lexed SQL of a migration says about how to run it, and what is wrong with it.</summary>
/// <param name="Transaction">Whether its up part runs in one transaction, and why not.</param>
/// <param name="OutOfOrderAllowed">True when it carries <c>-- migrate:out-of-order-ok</c>.</param>
/// <param name="Problems">The lexer's, the part markers' and the directives' problems, in file order.</param>
/// <param name="Down">How its down part runs; null when it has no down part with a statement.</param>
/// <param name="DownLine">The line of <c>-- migrate:down</c>, when the file has one (even with nothing after it).</param>
/// <param name="Squashes">The versions the file replaces (<c>-- migrate:squashes</c>); empty for other files.</param>
internal sealed record MigrationAnalysis(TransactionPlan Transaction, bool OutOfOrderAllowed, IReadOnlyList<SqlProblem> Problems,
    TransactionPlan? Down = null, int? DownLine = null, IReadOnlyList<MigrationVersion>? Squashes = null)
{
    /// <summary>Analyses a lexed migration: each part has its own directives and transaction rules.</summary>
    public static MigrationAnalysis Of(SqlScript script)
    {
        var parts = MigrationParts.Of(script);
        var upEnd = Math.Min(FirstLine(parts.Up) ?? int.MaxValue, parts.DownLine ?? int.MaxValue);
        var directives = MigrationDirectives.Parse(script, 1, upEnd, downPart: false);
        var up = TransactionRequirement.Analyze(parts.Up, directives);
        IReadOnlyList<MigrationVersion> squashes = [.. (directives.Squashes ?? []).Select(MigrationVersion.Parse)];
        if (parts.DownLine is not { } downLine)
            return new MigrationAnalysis(up, directives.OutOfOrderAllowed, [.. script.Problems, .. parts.Problems, .. directives.Problems], Squashes: squashes);
        var downDirectives = MigrationDirectives.Parse(script, downLine + 1, FirstLine(parts.Down) ?? int.MaxValue, downPart: true);
        var down = parts.HasDown ? TransactionRequirement.Analyze(parts.Down, downDirectives) : null;
        SqlProblem[] problems = [.. script.Problems, .. parts.Problems, .. directives.Problems, .. downDirectives.Problems];
        return new MigrationAnalysis(up, directives.OutOfOrderAllowed, [.. problems.OrderBy(p => p.Line).ThenBy(p => p.Column)], down, downLine, squashes);
    }

    static int? FirstLine(IReadOnlyList<SqlStatement> statements) => statements.FirstOrDefault(s => !s.IsEmpty)?.Line;
}
