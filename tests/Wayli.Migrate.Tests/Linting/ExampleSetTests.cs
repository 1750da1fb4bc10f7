using Wayli.Migrate.Linting;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Linting;

public sealed class ExampleSetTests
{
    [Fact]
    public async Task The_example_set_has_no_findings_though_lint_finds_one_unguarded_statement_added_to_it()
    {
        using var folder = new MigrationFolder().CopyFrom(Paths.ExampleMigrations);
        var clean = await new FolderSource(folder.Path).LoadAsync(cancellationToken: TestContext.Current.CancellationToken);
        var cleanFindings = Linter.Lint(clean);
        // The same set with one plain CREATE TABLE more: the lint that passed the set is one that finds things.
        folder.Write("20991231000000_unguarded.sql", "CREATE TABLE public.unguarded (id int);\n");
        var dirty = await new FolderSource(folder.Path).LoadAsync(cancellationToken: TestContext.Current.CancellationToken);

        var dirtyFindings = Linter.Lint(dirty);

        Assert.True(clean.Migrations.Count >= 4, $"the example set has {clean.Migrations.Count} migrations");
        Assert.True(cleanFindings.Count == 0, string.Join('\n', cleanFindings));
        var finding = Assert.Single(dirtyFindings);
        Assert.Equal(("WM101", 1), (finding.RuleId, finding.Line));
    }

    /// <summary>
    /// The real-world sets (WAYLI_CORPORA) lint without a crash, and the one written to be idempotent
    /// (supabase-storage) has no idempotency finding.
    /// </summary>
    [Theory]
    [InlineData("wayli-20250826")]
    [InlineData("lemmy-0.19")]
    [InlineData("supabase-auth")]
    [InlineData("harbor")]
    [InlineData("supabase-storage")]
    public async Task A_real_world_set_lints_without_crashing(string corpus)
    {
        if (Paths.Corpora is not { } root)
        {
            Assert.Skip("WAYLI_CORPORA is not set: the real-world migration sets were not linted");
            return;
        }
        var set = await new FolderSource(Path.Combine(root, corpus), OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: TestContext.Current.CancellationToken);

        var findings = Linter.Lint(set);

        Assert.All(findings, f => Assert.NotNull(LintRules.Find(f.RuleId)));
        if (corpus == "supabase-storage")
            Assert.DoesNotContain(findings, f => f.RuleId.StartsWith("WM1", StringComparison.Ordinal));
    }
}
