namespace Wayli.Migrate.Sql;

/// <summary>
/// Directive comments at the top of a migration file, before its first statement: one per line, written
/// <c>-- migrate:NAME</c>. Known names:
/// <list type="bullet">
/// <item><c>-- migrate:no-transaction</c> runs the file statement by statement outside a transaction;</item>
/// <item><c>-- migrate:transaction</c> runs it in one transaction even if detection says otherwise;</item>
/// <item><c>-- migrate:out-of-order-ok</c> lets this one file apply after newer ones (like <c>--out-of-order</c>, for it alone);</item>
/// <item><c>-- migrate:squashes V1 V2 …</c> says the file replaces the migrations of those versions (written by
/// <c>squash</c>): a database that applied all of them has applied it.</item>
/// </list>
/// The lines right after <c>-- migrate:down</c>, before the down part's first statement, may force the down part's
/// mode the same way (see <see cref="MigrationParts"/>).
/// An unknown <c>migrate:</c> name is a problem rather than ignored, so a typo cannot silently change how a file runs.
/// </summary>
/// <param name="Mode">The mode a directive forces, or null.</param>
/// <param name="Line">The line of that directive.</param>
/// <param name="Problems">Unknown or contradictory directives.</param>
/// <param name="OutOfOrderAllowed">True when the file says <c>-- migrate:out-of-order-ok</c>.</param>
/// <param name="Squashes">The versions a <c>-- migrate:squashes</c> line names, as written; empty without one.</param>
public sealed record MigrationDirectives(TransactionMode? Mode, int? Line, IReadOnlyList<SqlProblem> Problems, bool OutOfOrderAllowed = false,
    IReadOnlyList<string>? Squashes = null)
{
    /// <summary>The directive <c>squash</c> writes: the versions the file replaces follow it, separated by spaces.</summary>
    public const string SquashesDirective = "-- migrate:squashes";

    const string Prefix = "migrate:";

    /// <summary>Reads the directives from the comment lines that open <paramref name="script"/>.</summary>
    public static MigrationDirectives Parse(SqlScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var firstStatementLine = script.Statements.FirstOrDefault(s => !s.IsEmpty)?.Line ?? int.MaxValue;
        return Parse(script, 1, firstStatementLine, downPart: false);
    }

    /// <summary>
    /// Reads the directives of one part of a migration: those of the up part open the file, those of the down part
    /// follow its <c>-- migrate:down</c> line. Only the lines from <paramref name="firstLine"/> up to, not including,
    /// <paramref name="endLine"/> (the part's first statement) are read.
    /// </summary>
    /// <param name="script">The whole script.</param>
    /// <param name="firstLine">The first line to read.</param>
    /// <param name="endLine">The line of the part's first statement (or the end of the part).</param>
    /// <param name="downPart">True for the down part, where only the transaction directives mean something.</param>
    public static MigrationDirectives Parse(SqlScript script, int firstLine, int endLine, bool downPart)
    {
        ArgumentNullException.ThrowIfNull(script);
        TransactionMode? mode = null;
        int? modeLine = null;
        var outOfOrder = false;
        List<string>? squashes = null;
        var problems = new List<SqlProblem>();
        for (var line = firstLine; line < endLine && line <= script.LineCount; line++)
        {
            var text = script.LineText(line).Trim();
            if (!IsDirective(text))
                continue;
            var comment = text[2..].Trim();
            var name = comment[Prefix.Length..].Trim().ToLowerInvariant();
            // The part markers are MigrationParts' to check.
            if (name.Split(' ', '\t')[0] is "up" or "down")
                continue;
            if (name == "out-of-order-ok")
            {
                if (downPart)
                    problems.Add(new SqlProblem(line, 1, "-- migrate:out-of-order-ok belongs at the top of the file, not in its down part"));
                outOfOrder = true;
                continue;
            }
            if (name.Split(' ', '\t')[0] == "squashes")
            {
                squashes = ParseSquashes(text, line, downPart, squashes, problems);
                continue;
            }
            TransactionMode? wanted = name switch
            {
                "no-transaction" => TransactionMode.NonTransactional,
                "transaction" => TransactionMode.Transactional,
                _ => null,
            };
            if (wanted is null)
                problems.Add(new SqlProblem(line, 1, $"unknown directive '{text}' (known: -- migrate:no-transaction, -- migrate:transaction, -- migrate:out-of-order-ok, -- migrate:squashes, -- migrate:up, -- migrate:down)"));
            else if (mode is not null && mode != wanted)
                problems.Add(new SqlProblem(line, 1, $"directive '{text}' contradicts the one on line {modeLine}"));
            else
                (mode, modeLine) = (wanted, line);
        }
        return new MigrationDirectives(mode, modeLine, problems, outOfOrder && !downPart, squashes);
    }

    static List<string>? ParseSquashes(string text, int line, bool downPart, List<string>? earlier, List<SqlProblem> problems)
    {
        if (downPart)
        {
            problems.Add(new SqlProblem(line, 1, "-- migrate:squashes belongs at the top of the file, not in its down part"));
            return earlier;
        }
        if (earlier is not null)
        {
            problems.Add(new SqlProblem(line, 1, "a file has one -- migrate:squashes line"));
            return earlier;
        }
        var versions = text[(text.IndexOf("squashes", StringComparison.OrdinalIgnoreCase) + "squashes".Length)..]
            .Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (versions.Count == 0 || versions.Any(v => !v.All(char.IsAsciiDigit)))
        {
            problems.Add(new SqlProblem(line, 1, $"'{text}' must list the versions the file replaces, as numbers separated by spaces"));
            return earlier;
        }
        return versions;
    }

    /// <summary>
    /// True when a line comment reads as a directive (<c>-- migrate:…</c>): the comments that change how a file runs,
    /// so a change to one is a change to the file (see <see cref="TokenFingerprint"/>).
    /// </summary>
    internal static bool IsDirective(ReadOnlySpan<char> lineComment) =>
        lineComment.StartsWith("--", StringComparison.Ordinal) && lineComment[2..].TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
