using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// On the real-world sets, <c>test</c> finds exactly the files psql fails to apply twice in a row. The reference is
/// psql's own result, built by tests/idempotency/psql-rerun-reference.sh (scripts/test.sh runs it and names its
/// output in WAYLI_RERUN_REFERENCE); nothing in it comes from the tool.
/// </summary>
public sealed class IdempotencyCorpusTests
{
    [Theory]
    [MemberData(nameof(Corpora.All), MemberType = typeof(Corpora))]
    public async Task Test_reports_the_files_that_psql_fails_to_run_twice(string corpus)
    {
        var folder = Corpora.Folder(corpus);
        var referencePath = Environment.GetEnvironmentVariable("WAYLI_RERUN_REFERENCE");
        if (string.IsNullOrEmpty(referencePath) || !File.Exists(referencePath))
            Assert.Skip("WAYLI_RERUN_REFERENCE is not set: run tests/idempotency/psql-rerun-reference.sh (scripts/test.sh does)");
        var reference = File.ReadAllLines(referencePath).Select(line => line.Split('\t')).Where(f => f[0] == corpus).ToList();
        Assert.NotEmpty(reference);
        Assert.DoesNotContain(reference, f => f[2] == "first-apply-failed");

        var result = await Tool.RunAsync("test", "--dir", folder, "--prepare", folder + ".before.sql", "--json");

        using var report = JsonDocument.Parse(result.Output);
        var outcomes = report.RootElement.GetProperty("migrations").EnumerateArray()
            .ToDictionary(m => m.GetProperty("file").GetString()!, m => m.GetProperty("outcome").GetString()!);
        Assert.Equal(reference.Count, outcomes.Count);
        var psqlFails = reference.Where(f => f[2] == "fails").Select(f => f[1]).Order(StringComparer.Ordinal).ToList();
        var toolFails = outcomes.Where(o => o.Value == "fails-on-rerun").Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(psqlFails, toolFails);
        Assert.DoesNotContain(outcomes.Values, o => o is "fails-on-first-apply" or "not-checked");
        if (corpus == "supabase-storage")
        {
            // Written to be idempotent: it passes outright.
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.All(outcomes.Values, o => Assert.Equal("idempotent", o));
        }
    }

    [Fact]
    public async Task The_wayli_set_runs_on_the_minimal_supabase_environment_instead_of_its_shim()
    {
        var folder = Corpora.Folder("wayli-20250826");

        var result = await Tool.RunAsync("test", "--dir", folder, "--supabase", "--json");

        using var report = JsonDocument.Parse(result.Output);
        var outcomes = report.RootElement.GetProperty("migrations").EnumerateArray().Select(m => m.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(Directory.GetFiles(folder, "*.sql").Length, outcomes.Count);
        Assert.DoesNotContain(outcomes, o => o is "fails-on-first-apply" or "not-checked");
        Assert.Equal(2, outcomes.Count(o => o == "fails-on-rerun"));
    }
}
