using System.Text;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Planning;

/// <summary>The pure decisions of baseline, repair and adopt: which history rows change, which are refused, what is only noted.</summary>
public class MaintenancePlannerTests
{
    static Migration File(string fileName, string sql = "select 1;\n")
    {
        var name = MigrationFileName.TryParse(fileName, out var problem) ?? throw new InvalidOperationException(problem);
        var problems = new List<SourceProblem>();
        var migration = TestMigrations.Parse(name, fileName, fileName, Encoding.UTF8.GetBytes(sql), problems)!;
        Assert.Empty(problems);
        return migration;
    }

    static AppliedMigration Row(Migration migration, bool success = true, string? checksum = null) =>
        new(migration.Name.VersionText, migration.Description, checksum ?? migration.Checksum, DateTimeOffset.UnixEpoch, 1,
            success ? null : "boom", success, "postgres");

    static MigrationVersion V(long version) => MigrationVersion.TryParse(version.ToString(System.Globalization.CultureInfo.InvariantCulture), out var v) ? v : throw new ArgumentException(null, nameof(version));

    static string Kinds(MaintenancePlan plan) => string.Join(", ", plan.Changes.Select(c => $"{c.Kind} {c.VersionText}"));

    [Fact]
    public void Baseline_records_each_file_up_to_the_version_that_has_no_row_and_notes_those_already_applied()
    {
        Migration[] files = [File("1_a.sql"), File("2_b.sql"), File("3_c.sql"), File("4_d.sql")];

        var plan = MaintenancePlanner.Baseline(files, [Row(files[0])], V(3));

        Assert.Equal("RecordApplied 2, RecordApplied 3", Kinds(plan));
        Assert.Empty(plan.Refusals);
        Assert.Contains(plan.Notes, n => n.StartsWith("1 a is already recorded", StringComparison.Ordinal));
    }

    [Fact]
    public void Baseline_is_refused_when_a_version_in_its_range_is_recorded_differently()
    {
        Migration[] files = [File("1_a.sql"), File("2_b.sql"), File("3_c.sql")];

        var changed = MaintenancePlanner.Baseline(files, [Row(files[0], checksum: new string('0', 64))], V(2));
        var failed = MaintenancePlanner.Baseline(files, [Row(files[1], success: false)], V(2));
        var nothing = MaintenancePlanner.Baseline(files, [], V(0));

        Assert.True(changed.IsRefused);
        Assert.Contains("with another checksum", Assert.Single(changed.Refusals), StringComparison.Ordinal);
        Assert.True(failed.IsRefused);
        Assert.Contains("as a failed attempt", Assert.Single(failed.Refusals), StringComparison.Ordinal);
        Assert.Contains("no migration file has a version up to 0", Assert.Single(nothing.Refusals), StringComparison.Ordinal);
    }

    [Fact]
    public void Repair_deletes_failed_attempts_and_realigns_changed_checksums_only()
    {
        Migration[] files = [File("1_a.sql"), File("2_b.sql"), File("3_c.sql")];

        var plan = MaintenancePlanner.Repair(files, [Row(files[0]), Row(files[1], checksum: new string('a', 64)), Row(files[2], success: false)]);
        var clean = MaintenancePlanner.Repair(files, [Row(files[0])]);

        Assert.Equal("RealignChecksum 2, Delete 3", Kinds(plan));
        Assert.Same(files[1], plan.Changes[0].Migration);
        Assert.Empty(clean.Changes);
        Assert.Contains("nothing to repair", Assert.Single(clean.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Mark_applied_records_a_file_replacing_a_failed_attempt_and_is_refused_without_a_file()
    {
        Migration[] files = [File("1_a.sql"), File("2_b.sql")];

        var replacing = MaintenancePlanner.Repair(files, [Row(files[1], success: false)], markApplied: V(2));
        var fresh = MaintenancePlanner.Repair(files, [], markApplied: V(1));
        var already = MaintenancePlanner.Repair(files, [Row(files[0])], markApplied: V(1));
        var noFile = MaintenancePlanner.Repair(files, [], markApplied: V(9));

        Assert.Equal("Delete 2, RecordApplied 2", Kinds(replacing));
        Assert.Equal("RecordApplied 1", Kinds(fresh));
        Assert.Empty(already.Changes);
        Assert.Contains("already recorded as applied", Assert.Single(already.Notes), StringComparison.Ordinal);
        Assert.Contains("no migration file has version 9", Assert.Single(noFile.Refusals), StringComparison.Ordinal);
    }

    [Fact]
    public void Mark_pending_deletes_the_row_and_is_refused_when_there_is_none()
    {
        Migration[] files = [File("1_a.sql")];

        var plan = MaintenancePlanner.Repair(files, [Row(files[0])], markPending: V(1));
        var none = MaintenancePlanner.Repair(files, [], markPending: V(1));

        Assert.Equal("Delete 1", Kinds(plan));
        Assert.Contains("it is already pending", Assert.Single(none.Refusals), StringComparison.Ordinal);
    }

    [Fact]
    public void Adopt_records_what_the_other_tool_applied_and_notes_everything_only_one_side_has()
    {
        Migration[] files = [File("1_a.sql"), File("2_b.sql"), File("3_c.sql"), File("4_d.sql")];
        ForeignMigration[] foreign = [new("1", "a"), new("2", "b"), new("7", "gone"), new("1.1", "dotted")];

        var plan = MaintenancePlanner.Adopt(files, [Row(files[1])], foreign, "flyway");

        Assert.Equal("RecordApplied 1", Kinds(plan));
        Assert.Equal("applied by flyway as a", plan.Changes[0].Reason);
        Assert.Contains(plan.Notes, n => n.Contains("2_b.sql is already recorded here", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("applied 7 (gone), but no file has that version", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("1.1 (dotted) is not a number", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("3_c.sql was not applied by flyway", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("4_d.sql was not applied by flyway", StringComparison.Ordinal));
    }
}
