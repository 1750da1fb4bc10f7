using Wayli.Migrate.Linting;

namespace Wayli.Migrate.Tests.Linting;

public sealed class SuppressionTests
{
    [Theory]
    [InlineData("-- lint:ignore WM109 the seed row is reloaded by the nightly job\nINSERT INTO t VALUES (1);")]
    [InlineData("INSERT INTO t VALUES (1); -- lint:ignore WM109 the seed row is reloaded by the nightly job")]
    [InlineData("INSERT INTO t\n  VALUES (1); -- not this line\nSELECT 1; INSERT INTO t VALUES (2); -- lint:ignore WM109 second one only\n-- lint:ignore WM109 first one\n-- and a comment after it\nINSERT INTO t VALUES (3);")]
    [InlineData("-- LINT:IGNORE wm109,WM108 both on purpose\nINSERT INTO t VALUES (1);")]
    public async Task A_suppression_with_a_reason_silences_that_rule_for_that_statement(string sql)
    {
        var findings = await LintFolder.LintAsync(sql);

        var remaining = findings.Where(f => f.RuleId == "WM109").Select(f => f.Line).ToList();
        Assert.True(remaining.Count <= 1, string.Join('\n', findings));
        if (remaining.Count == 1)
            Assert.Equal(1, remaining[0]);
        Assert.DoesNotContain(findings, f => f.RuleId is "WM002" or "WM003");
    }

    [Fact]
    public async Task A_suppression_applies_only_to_the_statement_it_is_attached_to()
    {
        var findings = await LintFolder.LintAsync(
            "-- lint:ignore WM109 first only\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);");

        var finding = Assert.Single(findings, f => f.RuleId == "WM109");
        Assert.Equal(3, finding.Line);
    }

    [Fact]
    public async Task A_suppression_without_a_reason_is_a_finding_and_silences_nothing()
    {
        var findings = await LintFolder.LintAsync("-- lint:ignore WM109\nINSERT INTO t VALUES (1);");

        Assert.Contains(findings, f => f.RuleId == "WM109" && f.Line == 2);
        var problem = Assert.Single(findings, f => f.RuleId == "WM002");
        Assert.Equal((1, 1, LintSeverity.Error), (problem.Line, problem.Column, problem.Severity));
    }

    [Fact]
    public async Task A_suppression_without_a_rule_is_a_finding()
    {
        var findings = await LintFolder.LintAsync("SELECT 1; -- lint:ignore\n");

        Assert.Contains("names no rule", Assert.Single(findings, f => f.RuleId == "WM002").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WM910")]
    [InlineData("WM109x")]
    [InlineData("WM001")]
    public async Task A_suppression_naming_no_statement_rule_is_a_finding_so_typos_show(string id)
    {
        var findings = await LintFolder.LintAsync($"-- lint:ignore {id} meant to silence the insert\nINSERT INTO t VALUES (1);");

        Assert.Contains(findings, f => f.RuleId == "WM109");
        var problem = Assert.Single(findings, f => f.RuleId == "WM003");
        Assert.Contains(id, problem.Message, StringComparison.Ordinal);
        Assert.Equal(LintSeverity.Error, problem.Severity);
    }

    [Theory]
    [InlineData("-- lint:ignore WM108 nothing is dropped here\nINSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;")]
    [InlineData("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;\n\n-- lint:ignore WM109 placed after a blank line\n\nINSERT INTO t VALUES (2) ON CONFLICT DO NOTHING;")]
    [InlineData("SELECT 1;\n-- lint:ignore WM109 at the end of the file\n")]
    public async Task A_suppression_that_silences_nothing_is_a_warning(string sql)
    {
        var findings = await LintFolder.LintAsync(sql);

        var unused = Assert.Single(findings, f => f.RuleId == "WM004");
        Assert.Equal(LintSeverity.Warning, unused.Severity);
    }

    [Fact]
    public async Task Unused_suppressions_of_disabled_rules_are_not_reported()
    {
        var options = new LintOptions { DisabledRules = ["WM109"] };

        var findings = await LintFolder.LintAsync("-- lint:ignore WM109 seed\nINSERT INTO t VALUES (1);", options);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task A_lint_ignore_inside_a_string_or_body_is_not_a_comment()
    {
        var findings = await LintFolder.LintAsync(
            "SELECT '-- lint:ignore WM109 in a string';\nDO $$ BEGIN -- lint:ignore WM109 in a body\nEND $$;\n");

        Assert.Empty(findings);
    }
}
