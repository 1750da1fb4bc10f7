using Wayli.Migrate.Failures;
using Wayli.Migrate.Linting.Rules;

namespace Wayli.Migrate.Linting;

/// <summary>Every lint rule, by id (see <see cref="LintRule"/> for the id scheme).</summary>
public static class LintRules
{
    /// <summary>WM001: a problem with a file itself (name, encoding, lexing), found while loading the set.</summary>
    public static LintRule FileProblem { get; } = new(
        "WM001", "file-problem", LintSeverity.Error,
        "The migration file cannot be applied as it is",
        "A bad file name, a duplicate version, text that is not UTF-8, an unterminated quote or comment, a psql "
        + "backslash command: the message says what was found and what to do.",
        canBeDisabled: false);

    /// <summary>WM002: a <c>-- lint:ignore</c> comment without a rule id or without a reason.</summary>
    public static LintRule SuppressionWithoutReason { get; } = new(
        "WM002", "suppression-without-reason", LintSeverity.Error,
        "lint:ignore without a reason",
        "Write -- lint:ignore RULE_ID reason, on the line before the statement or at the end of its first line. The "
        + "reason is required so the next reader knows why the rule does not apply; without one the comment suppresses nothing.",
        canBeDisabled: false);

    /// <summary>WM003: a <c>-- lint:ignore</c> comment naming a rule that does not exist or cannot be suppressed.</summary>
    public static LintRule UnknownRuleInSuppression { get; } = new(
        "WM003", "unknown-rule-in-suppression", LintSeverity.Error,
        "lint:ignore names an unknown rule",
        "The rule id in a lint:ignore comment must be one of the statement rules (WM1xx, WM2xx, WM3xx), so that a typo "
        + "does not leave the finding it meant to silence, or silence nothing.",
        canBeDisabled: false);

    /// <summary>WM004: a valid <c>-- lint:ignore</c> comment that silences nothing.</summary>
    public static LintRule UnusedSuppression { get; } = new(
        "WM004", "unused-suppression", LintSeverity.Warning,
        "lint:ignore suppresses nothing",
        "The comment is not on the line before a statement or at the end of a statement's first line, or that statement "
        + "no longer breaks the rule. Move it or delete it.");

    /// <summary>The checks run on every top-level statement, in id order.</summary>
    internal static IReadOnlyList<StatementRule> Checks { get; } =
    [
        new CreateWithoutIfNotExists(),
        new CreateWithoutOrReplace(),
        new AddColumnWithoutIfNotExists(),
        new AddConstraintUnguarded(),
        new CreatePolicyWithoutDrop(),
        new CreateTriggerUnguarded(),
        new CreateTypeUnguarded(),
        new DropWithoutIfExists(),
        new InsertWithoutOnConflict(),
        new PublicationAddTableUnguarded(),
        new RenameUnguarded(),
        new AddEnumValueWithoutIfNotExists(),
        new TypeChangeUsingUnguarded(),
        new IndexWithoutConcurrently(),
        new AddColumnNotNullWithoutDefault(),
        new SetNotNull(),
        new ColumnTypeChange(),
        new ConstraintWithoutNotValid(),
        new SecurityDefinerWithoutSearchPath(),
    ];

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<LintRule> All { get; } =
        [FileProblem, SuppressionWithoutReason, UnknownRuleInSuppression, UnusedSuppression, .. Checks.Select(c => c.Rule)];

    /// <summary>The rule with this id (case-insensitive), or null.</summary>
    public static LintRule? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The canonical ids of <paramref name="ids"/>, after checking each names a rule that can be disabled.
    /// </summary>
    /// <exception cref="MigrateException">An id is unknown or names a rule that cannot be disabled (<see cref="FailureKind.Usage"/>).</exception>
    public static IReadOnlySet<string> Resolve(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var resolved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var rule = Find(id) ?? throw new MigrateException(FailureKind.Usage,
                $"unknown lint rule '{id}' in the disabled rules (known: {string.Join(", ", All.Where(r => r.CanBeDisabled).Select(r => r.Id))})");
            if (!rule.CanBeDisabled)
                throw new MigrateException(FailureKind.Usage, $"lint rule {rule.Id} ({rule.Name}) cannot be disabled: it reports the files and lint:ignore comments themselves");
            resolved.Add(rule.Id);
        }
        return resolved;
    }
}
