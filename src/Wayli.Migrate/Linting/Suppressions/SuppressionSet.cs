using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Suppressions;

/// <summary>
/// The <c>-- lint:ignore</c> comments of one file, each tied to the statement it applies to: the statement whose first
/// line the comment ends, or the statement right below a block of comment-only lines that holds it.
/// </summary>
/// <example>
/// <code>
/// -- lint:ignore WM109 seed rows are reloaded by the nightly job
/// INSERT INTO public.settings VALUES ('theme', 'dark');
/// DROP TABLE old_trips; -- lint:ignore WM108 removed by hand everywhere before this release
/// </code>
/// </example>
internal sealed class SuppressionSet
{
    const string Marker = "lint:ignore";

    readonly List<Suppression> _suppressions;

    SuppressionSet(List<Suppression> suppressions) => _suppressions = suppressions;

    /// <summary>Finds the comments in <paramref name="script"/> and ties each to its statement.</summary>
    public static SuppressionSet Read(SqlScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var commentOnlyLines = new HashSet<int>();
        var found = new List<Suppression>();
        var lineHasCode = false;
        var scanner = new SqlScanner(script.Text);
        while (scanner.Next(out var token))
        {
            if (token.Kind == SqlTokenKind.Whitespace)
            {
                lineHasCode &= script.Text.AsSpan(token.Start, token.Length).IndexOfAny('\n', '\r') < 0;
                continue;
            }
            if (token.Kind != SqlTokenKind.LineComment)
            {
                lineHasCode = true;
                continue;
            }
            var location = script.Locate(token.Start);
            if (!lineHasCode)
                commentOnlyLines.Add(location.Line);
            if (Parse(script.Text.AsSpan(token.Start + 2, token.Length - 2)) is var (ids, reason))
                found.Add(new Suppression(location.Line, location.Column, token.Start, !lineHasCode, ids, reason));
        }
        foreach (var suppression in found)
            suppression.Statement = Attach(suppression, script.Statements, commentOnlyLines);
        return new SuppressionSet(found);
    }

    /// <summary>
    /// True when a complete comment tied to <paramref name="statement"/> names <paramref name="ruleId"/>; the comment
    /// then counts as used.
    /// </summary>
    public bool Suppresses(SqlStatement statement, string ruleId)
    {
        var suppressed = false;
        foreach (var suppression in _suppressions)
        {
            if (suppression.Statement == statement.Index && suppression.IsComplete && suppression.RuleIds.Contains(ruleId, StringComparer.OrdinalIgnoreCase))
            {
                suppression.Used.Add(ruleId);
                suppressed = true;
            }
        }
        return suppressed;
    }

    /// <summary>
    /// Findings about the comments themselves: no id or no reason (WM002), an id that names no statement rule (WM003),
    /// and, unless WM004 is disabled, ids that silenced nothing.
    /// </summary>
    public IEnumerable<LintFinding> Problems(string file, IReadOnlySet<string> disabled)
    {
        foreach (var suppression in _suppressions)
        {
            if (!suppression.IsComplete)
                yield return Finding(LintRules.SuppressionWithoutReason, file, suppression, IncompleteMessage(suppression));
            var reportUnused = suppression.IsComplete && !disabled.Contains(LintRules.UnusedSuppression.Id);
            foreach (var id in suppression.RuleIds)
            {
                if (!IsStatementRule(id))
                    yield return Finding(LintRules.UnknownRuleInSuppression, file, suppression, UnknownMessage(id));
                else if (reportUnused && !suppression.Used.Contains(id) && !disabled.Contains(id.ToUpperInvariant()))
                    yield return Finding(LintRules.UnusedSuppression, file, suppression, UnusedMessage(suppression, id));
            }
        }
    }

    static (IReadOnlyList<string> Ids, string Reason)? Parse(ReadOnlySpan<char> comment)
    {
        var text = comment.Trim();
        if (!text.StartsWith(Marker, StringComparison.OrdinalIgnoreCase) || (text.Length > Marker.Length && !char.IsWhiteSpace(text[Marker.Length])))
            return null;
        var rest = text[Marker.Length..].Trim().ToString();
        var space = rest.IndexOfAny([' ', '\t']);
        var idText = space < 0 ? rest : rest[..space];
        var reason = space < 0 ? "" : rest[space..].Trim();
        var ids = idText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (ids, reason);
    }

    static int Attach(Suppression suppression, IReadOnlyList<SqlStatement> statements, HashSet<int> commentOnlyLines)
    {
        if (!suppression.CommentOnly)
        {
            // At the end of a statement's first line: the last statement that starts on that line before the comment.
            var owner = statements.LastOrDefault(s => !s.IsEmpty && s.Line == suppression.Line && s.StartOffset < suppression.Offset);
            return owner?.Index ?? -1;
        }
        var next = statements.FirstOrDefault(s => !s.IsEmpty && s.StartOffset > suppression.Offset);
        if (next is null)
            return -1;
        for (var line = suppression.Line + 1; line < next.Line; line++)
        {
            if (!commentOnlyLines.Contains(line))
                return -1;
        }
        return next.Index;
    }

    static bool IsStatementRule(string id) => LintRules.Checks.Any(c => string.Equals(c.Rule.Id, id, StringComparison.OrdinalIgnoreCase));

    static string IncompleteMessage(Suppression suppression)
    {
        if (suppression.RuleIds.Count == 0)
            return "lint:ignore names no rule and so suppresses nothing: write -- lint:ignore RULE_ID reason";
        var ids = string.Join(',', suppression.RuleIds);
        return $"lint:ignore {ids} gives no reason and so suppresses nothing: write -- lint:ignore {ids} why the rule does not apply here";
    }

    static string UnknownMessage(string id) => LintRules.Find(id) is { } rule
        ? $"lint:ignore {id}: {rule.Id} ({rule.Name}) is not about a statement and cannot be suppressed"
        : $"lint:ignore {id}: there is no rule {id} (statement rules: {string.Join(", ", LintRules.Checks.Select(c => c.Rule.Id))})";

    static string UnusedMessage(Suppression suppression, string id) => suppression.Statement < 0
        ? $"lint:ignore {id} suppresses nothing: put it on the line right before a statement or at the end of the statement's first line"
        : $"lint:ignore {id} suppresses nothing: the statement it applies to does not break {id} (or is a DO block, which is not linted)";

    static LintFinding Finding(LintRule rule, string file, Suppression suppression, string message) =>
        new(rule.Id, rule.Severity, file, suppression.Line, suppression.Column, message, null);
}
