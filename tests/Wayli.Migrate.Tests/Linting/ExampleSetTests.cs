using Wayli.Migrate.Linting;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Linting;

public sealed class ExampleSetTests
{
    [Fact]
    public async Task The_example_set_has_no_findings()
    {
        var set = await new FolderSource(Paths.ExampleMigrations, OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: TestContext.Current.CancellationToken);

        var findings = Linter.Lint(set);

        Assert.NotEmpty(set.Migrations);
        Assert.True(findings.Count == 0, string.Join('\n', findings));
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
