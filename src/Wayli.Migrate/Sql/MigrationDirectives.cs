namespace Wayli.Migrate.Sql;

/// <summary>
/// Directive comments at the top of a migration file, before its first statement: one per line, written
/// <c>-- migrate:NAME</c>. Known names:
/// <list type="bullet">
/// <item><c>-- migrate:no-transaction</c> runs the file statement by statement outside a transaction;</item>
/// <item><c>-- migrate:transaction</c> runs it in one transaction even if detection says otherwise;</item>
/// <item><c>-- migrate:out-of-order-ok</c> lets this one file apply after newer ones (like <c>--out-of-order</c>, for it alone).</item>
/// </list>
/// An unknown <c>migrate:</c> name is a problem rather than ignored, so a typo cannot silently change how a file runs.
/// </summary>
/// <param name="Mode">The mode a directive forces, or null.</param>
/// <param name="Line">The line of that directive.</param>
/// <param name="Problems">Unknown or contradictory directives.</param>
/// <param name="OutOfOrderAllowed">True when the file says <c>-- migrate:out-of-order-ok</c>.</param>
public sealed record MigrationDirectives(TransactionMode? Mode, int? Line, IReadOnlyList<SqlProblem> Problems, bool OutOfOrderAllowed = false)
{
    const string Prefix = "migrate:";

    /// <summary>Reads the directives from the comment lines that open <paramref name="script"/>.</summary>
    public static MigrationDirectives Parse(SqlScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var firstStatementLine = script.Statements.FirstOrDefault(s => !s.IsEmpty)?.Line ?? int.MaxValue;
        TransactionMode? mode = null;
        int? modeLine = null;
        var outOfOrder = false;
        var problems = new List<SqlProblem>();
        for (var line = 1; line < firstStatementLine && line <= script.LineCount; line++)
        {
            var text = script.LineText(line).Trim();
            if (!IsDirective(text))
                continue;
            var comment = text[2..].Trim();
            var name = comment[Prefix.Length..].Trim().ToLowerInvariant();
            if (name == "out-of-order-ok")
            {
                outOfOrder = true;
                continue;
            }
            TransactionMode? wanted = name switch
            {
                "no-transaction" => TransactionMode.NonTransactional,
                "transaction" => TransactionMode.Transactional,
                _ => null,
            };
            if (wanted is null)
                problems.Add(new SqlProblem(line, 1, $"unknown directive '{text}' (known: -- migrate:no-transaction, -- migrate:transaction, -- migrate:out-of-order-ok)"));
            else if (mode is not null && mode != wanted)
                problems.Add(new SqlProblem(line, 1, $"directive '{text}' contradicts the one on line {modeLine}"));
            else
                (mode, modeLine) = (wanted, line);
        }
        return new MigrationDirectives(mode, modeLine, problems, outOfOrder);
    }

    /// <summary>
    /// True when a line comment reads as a directive (<c>-- migrate:…</c>): the comments that change how a file runs,
    /// so a change to one is a change to the file (see <see cref="TokenFingerprint"/>).
    /// </summary>
    internal static bool IsDirective(ReadOnlySpan<char> lineComment) =>
        lineComment.StartsWith("--", StringComparison.Ordinal) && lineComment[2..].TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
