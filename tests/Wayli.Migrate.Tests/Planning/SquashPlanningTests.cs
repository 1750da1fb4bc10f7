using System.Text;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Planning;

/// <summary>
/// A squashed file (<c>-- migrate:squashes</c>) against the histories it can meet: none of its versions applied
/// (pending), all of them (applied, recorded once), its own row already recorded (applied), only some (refused); the
/// rows of the versions it replaces are its, never "missing".
/// </summary>
public sealed class SquashPlanningTests
{
    const string Squashed = "-- migrate:squashes 20250101000000 20250102000000 20250103000000\nCREATE TABLE IF NOT EXISTS t (id int);\n";

    static Migration File(string fileName, string sql)
    {
        var name = MigrationFileName.TryParse(fileName, out var problem) ?? throw new InvalidOperationException(problem);
        var problems = new List<SourceProblem>();
        var migration = Assert.IsType<Migration>(TestMigrations.Parse(name, fileName, "migrations/" + fileName, Encoding.UTF8.GetBytes(sql), problems));
        Assert.Empty(problems);
        Assert.Empty(migration.Lex());
        return migration;
    }

    static AppliedMigration Row(string version, string checksum = "an original's checksum") =>
        new(version, "original", checksum, DateTimeOffset.UnixEpoch, 12, null, true, "postgres");

    static readonly Migration Squash = File("20250103000000_squashed.sql", Squashed);
    static readonly Migration Later = File("20250104000000_later.sql", "SELECT 1;\n");

    [Fact]
    public void The_directive_is_read_as_versions()
    {
        Assert.Equal(["20250101000000", "20250102000000", "20250103000000"], Squash.Squashes.Select(v => v.Value));
        var name = MigrationFileName.TryParse("20250103000000_bad.sql", out _)!;
        var problems = new List<SourceProblem>();
        var bad = TestMigrations.Parse(name, "20250103000000_bad.sql", "migrations/bad.sql", Encoding.UTF8.GetBytes("-- migrate:squashes 2025x\nSELECT 1;\n"), problems);
        Assert.Contains([.. problems, .. bad?.Lex() ?? []], p => p.Message.Contains("must list the versions", StringComparison.Ordinal));
    }

    [Fact]
    public void A_database_with_none_of_its_versions_applies_it()
    {
        var plan = MigrationPlanner.Plan([Squash, Later], [], new PlanOptions());
        Assert.Equal([MigrationState.Pending, MigrationState.Pending], plan.Entries.Select(e => e.State));
        Assert.False(plan.IsBlocked);
    }

    [Fact]
    public void A_database_that_applied_every_original_counts_it_applied_and_records_it_once_and_no_row_is_missing()
    {
        var plan = MigrationPlanner.Plan([Squash, Later], [Row("20250101000000"), Row("20250102000000"), Row("20250103000000")], new PlanOptions());
        var entry = Assert.Single(plan.Entries, e => e.Migration == Squash);
        Assert.Equal(MigrationState.Applied, entry.State);
        Assert.True(entry.RecordSquash);
        Assert.False(plan.IsBlocked);
        Assert.DoesNotContain(plan.Entries, e => e.State == MigrationState.Missing);
        Assert.Equal([Later], plan.ToApply.Select(e => e.Migration));
    }

    [Fact]
    public void Once_recorded_it_is_simply_applied()
    {
        var plan = MigrationPlanner.Plan([Squash], [Row("20250101000000"), Row("20250102000000"), Row("20250103000000", Squash.Checksum)], new PlanOptions());
        var entry = Assert.Single(plan.Entries);
        Assert.Equal(MigrationState.Applied, entry.State);
        Assert.False(entry.RecordSquash);
        Assert.Empty(plan.Findings);
    }

    [Theory]
    [InlineData("20250101000000")]
    [InlineData("20250101000000,20250102000000")]
    [InlineData("20250101000000,20250103000000")]
    public void A_database_that_applied_only_some_originals_is_refused(string applied)
    {
        var plan = MigrationPlanner.Plan([Squash, Later], [.. applied.Split(',').Select(v => Row(v))], new PlanOptions());
        Assert.True(plan.IsBlocked);
        var finding = Assert.Single(plan.Findings, f => f.Blocking);
        Assert.Contains("applied only", finding.Message, StringComparison.Ordinal);
        Assert.Contains("apply the original files first", finding.Message, StringComparison.Ordinal);
    }
}
