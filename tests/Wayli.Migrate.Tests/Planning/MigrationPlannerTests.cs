using System.Security.Cryptography;
using System.Text;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Planning;

public class MigrationPlannerTests
{
    /// <summary>Strict rules, with the options named as the command line names them.</summary>
    static readonly PlanOptions Strict = new(Names: new OptionNames(new Dictionary<string, string>
    {
        [OptionNames.AllowDrift] = "--allow-drift",
        [OptionNames.AllowOutOfOrder] = "--out-of-order",
    }));

    static Migration File(string fileName, string? sql = null)
    {
        var name = MigrationFileName.TryParse(fileName, out var problem) ?? throw new InvalidOperationException(problem);
        var problems = new List<SourceProblem>();
        var migration = TestMigrations.Parse(name, fileName, "migrations/" + fileName, Encoding.UTF8.GetBytes(sql ?? $"-- {fileName}\nselect 1;\n"), problems);
        Assert.Empty(problems);
        var file = Assert.IsType<Migration>(migration);
        // As a run does when history holds MD5 checksums (the original service's).
        file.ReadLegacyChecksum();
        return file;
    }

    static string Sha256Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    static AppliedMigration Row(string version, string name, string checksum, bool success = true) =>
        new(version, name, checksum, DateTimeOffset.UnixEpoch, 12, success ? null : "boom", success, "postgres");

    /// <summary>A successful history row for <paramref name="migration"/> with its current checksum.</summary>
    static AppliedMigration AppliedRow(Migration migration) =>
        Row(migration.Name.VersionText, migration.Description, migration.Checksum);

    static PlanEntry EntryFor(MigrationPlan plan, string versionText) => Assert.Single(plan.Entries, e => e.VersionText == versionText);

    [Fact]
    public void Everything_is_pending_on_an_empty_history()
    {
        Migration[] files = [File("1_a.sql"), File("2_b.sql"), File("3_c.sql")];

        var plan = MigrationPlanner.Plan(files, [], Strict);

        Assert.All(plan.Entries, e => Assert.Equal(MigrationState.Pending, e.State));
        Assert.All(plan.Entries, e => Assert.True(e.WillApply));
        Assert.All(plan.Entries, e => Assert.Null(e.Applied));
        Assert.Equal(["1", "2", "3"], plan.ToApply.Select(e => e.VersionText));
        Assert.Equal(files, plan.ToApply.Select(e => e.Migration));
        Assert.Empty(plan.Findings);
        Assert.False(plan.IsBlocked);
        Assert.Equal(3, plan.Count(MigrationState.Pending));
    }

    [Fact]
    public void No_files_and_no_history_is_an_empty_plan()
    {
        var plan = MigrationPlanner.Plan([], [], Strict);

        Assert.Empty(plan.Entries);
        Assert.Empty(plan.Findings);
        Assert.Empty(plan.ToApply);
        Assert.False(plan.IsBlocked);
    }

    [Fact]
    public void Files_recorded_with_their_checksum_are_applied_and_the_rest_pending()
    {
        var first = File("1_a.sql");
        var second = File("2_b.sql");
        var third = File("3_c.sql");

        var plan = MigrationPlanner.Plan([first, second, third], [AppliedRow(first), AppliedRow(second)], Strict);

        Assert.Equal(MigrationState.Applied, EntryFor(plan, "1").State);
        Assert.Equal(MigrationState.Applied, EntryFor(plan, "2").State);
        Assert.Equal(MigrationState.Pending, EntryFor(plan, "3").State);
        Assert.False(EntryFor(plan, "1").WillApply);
        Assert.Same(first, EntryFor(plan, "1").Migration);
        Assert.NotNull(EntryFor(plan, "1").Applied);
        Assert.Equal([third], plan.ToApply.Select(e => e.Migration));
        Assert.Equal(2, plan.Count(MigrationState.Applied));
        Assert.Empty(plan.Findings);
    }

    [Fact]
    public void A_failed_row_is_retried()
    {
        var first = File("1_a.sql");
        var second = File("2_b.sql");

        var plan = MigrationPlanner.Plan([first, second], [AppliedRow(first), Row("2", "b", second.Checksum, success: false)], Strict);

        var failed = EntryFor(plan, "2");
        Assert.Equal(MigrationState.Failed, failed.State);
        Assert.True(failed.WillApply);
        Assert.Equal([second], plan.ToApply.Select(e => e.Migration));
        Assert.False(plan.IsBlocked);
    }

    [Fact]
    public void A_failed_row_is_retried_even_when_the_file_has_changed_since()
    {
        var file = File("1_a.sql", "select 2;");

        var plan = MigrationPlanner.Plan([file], [Row("1", "a", Sha256Of("select 1;"), success: false)], Strict);

        Assert.Equal(MigrationState.Failed, Assert.Single(plan.Entries).State);
        Assert.Empty(plan.Findings);
        Assert.False(plan.IsBlocked);
    }

    [Fact]
    public void A_changed_file_is_drift_and_blocks()
    {
        var file = File("1_a.sql", "create table a (id bigint);\n");
        var recorded = Sha256Of("create table a (id int);\n");

        var plan = MigrationPlanner.Plan([file], [Row("1", "a", recorded)], Strict);

        var entry = Assert.Single(plan.Entries);
        Assert.Equal(MigrationState.Drifted, entry.State);
        Assert.False(entry.WillApply);
        Assert.Empty(plan.ToApply);
        var finding = Assert.Single(plan.Findings);
        Assert.True(finding.Blocking);
        Assert.Equal("1", finding.VersionText);
        Assert.Contains("1_a.sql", finding.Message, StringComparison.Ordinal);
        Assert.Contains(recorded, finding.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-drift", finding.Message, StringComparison.Ordinal);
        Assert.True(plan.IsBlocked);
    }

    [Fact]
    public void Drift_is_reported_but_does_not_block_when_allowed()
    {
        var file = File("1_a.sql", "create table a (id bigint);\n");

        var plan = MigrationPlanner.Plan([file], [Row("1", "a", Sha256Of("create table a (id int);\n"))], new PlanOptions(AllowDrift: true));

        Assert.Equal(MigrationState.Drifted, Assert.Single(plan.Entries).State);
        var finding = Assert.Single(plan.Findings);
        Assert.False(finding.Blocking);
        Assert.False(plan.IsBlocked);
        Assert.Empty(plan.ToApply);
    }

    [Fact]
    public void Crlf_checkout_of_an_applied_file_is_not_drift()
    {
        var file = File("1_a.sql", "select 1;\r\nselect 2;\r\n");

        var plan = MigrationPlanner.Plan([file], [Row("1", "a", Sha256Of("select 1;\nselect 2;\n"))], Strict);

        Assert.Equal(MigrationState.Applied, Assert.Single(plan.Entries).State);
        Assert.Empty(plan.Findings);
    }

    [Fact]
    public void A_library_user_is_told_the_options_property_not_a_command_line_flag()
    {
        var file = File("1_a.sql", "create table a (id bigint);\n");

        var plan = MigrationPlanner.Plan([file], [Row("1", "a", Sha256Of("create table a (id int);\n"))], new PlanOptions());

        var finding = Assert.Single(plan.Findings);
        Assert.Contains("MigrationOptions.AllowDrift", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legacy_md5_row_matching_the_raw_file_counts_as_applied()
    {
        const string sql = "create table a (id int);\r\n";
#pragma warning disable CA5351 // MD5 is the legacy format under test.
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(sql)));
#pragma warning restore CA5351
        var file = File("20250101000000_a.sql", sql);

        var plan = MigrationPlanner.Plan([file], [Row("20250101000000", "a", md5)], Strict);

        Assert.Equal(MigrationState.Applied, Assert.Single(plan.Entries).State);
        Assert.Empty(plan.Findings);
    }

    [Fact]
    public void A_legacy_md5_row_of_other_text_is_drift()
    {
#pragma warning disable CA5351 // MD5 is the legacy format under test.
        var md5 = Convert.ToHexStringLower(MD5.HashData("create table a (id int);\n"u8));
#pragma warning restore CA5351
        var file = File("1_a.sql", "create table a (id bigint);\n");

        var plan = MigrationPlanner.Plan([file], [Row("1", "a", md5)], Strict);

        Assert.Equal(MigrationState.Drifted, Assert.Single(plan.Entries).State);
        Assert.True(plan.IsBlocked);
    }

    [Fact]
    public void A_pending_file_older_than_the_newest_applied_one_is_out_of_order_and_blocks()
    {
        var first = File("1_a.sql");
        var late = File("2_late.sql");
        var third = File("3_c.sql");
        var fourth = File("4_d.sql");

        var plan = MigrationPlanner.Plan([first, late, third, fourth], [AppliedRow(first), AppliedRow(third)], Strict);

        var entry = EntryFor(plan, "2");
        Assert.Equal(MigrationState.OutOfOrder, entry.State);
        Assert.True(entry.WillApply);
        Assert.Equal(MigrationState.Pending, EntryFor(plan, "4").State);
        var finding = Assert.Single(plan.Findings);
        Assert.Equal("2", finding.VersionText);
        Assert.True(finding.Blocking);
        Assert.Contains("2_late.sql", finding.Message, StringComparison.Ordinal);
        Assert.Contains("--out-of-order", finding.Message, StringComparison.Ordinal);
        Assert.True(plan.IsBlocked);
    }

    [Fact]
    public void Out_of_order_files_are_applied_in_version_order_when_allowed()
    {
        var first = File("1_a.sql");
        var late = File("2_late.sql");
        var third = File("3_c.sql");
        var fourth = File("4_d.sql");

        var plan = MigrationPlanner.Plan([first, late, third, fourth], [AppliedRow(first), AppliedRow(third)], new PlanOptions(AllowOutOfOrder: true));

        Assert.Equal(MigrationState.OutOfOrder, EntryFor(plan, "2").State);
        Assert.False(Assert.Single(plan.Findings).Blocking);
        Assert.False(plan.IsBlocked);
        Assert.Equal([late, fourth], plan.ToApply.Select(e => e.Migration));
    }

    [Fact]
    public void A_failed_row_does_not_count_as_the_newest_applied_version()
    {
        var first = File("1_a.sql");
        var second = File("2_b.sql");
        var third = File("3_c.sql");

        var plan = MigrationPlanner.Plan([first, second, third], [AppliedRow(first), Row("3", "c", third.Checksum, success: false)], Strict);

        Assert.Equal(MigrationState.Pending, EntryFor(plan, "2").State);
        Assert.Equal(MigrationState.Failed, EntryFor(plan, "3").State);
        Assert.Empty(plan.Findings);
        Assert.False(plan.IsBlocked);
        Assert.Equal([second, third], plan.ToApply.Select(e => e.Migration));
    }

    [Fact]
    public void A_row_without_a_file_is_missing_and_does_not_block()
    {
        var second = File("2_b.sql");

        var plan = MigrationPlanner.Plan([second], [Row("1", "gone", Sha256Of("select 1;")), AppliedRow(second)], Strict);

        var missing = EntryFor(plan, "1");
        Assert.Equal(MigrationState.Missing, missing.State);
        Assert.Null(missing.Migration);
        Assert.NotNull(missing.Applied);
        Assert.Equal("gone", missing.Description);
        Assert.False(missing.WillApply);
        var finding = Assert.Single(plan.Findings);
        Assert.False(finding.Blocking);
        Assert.Equal("1", finding.VersionText);
        Assert.Contains("gone", finding.Message, StringComparison.Ordinal);
        Assert.False(plan.IsBlocked);
        Assert.Equal(1, plan.Count(MigrationState.Missing));
    }

    [Fact]
    public void A_missing_newer_row_still_makes_older_pending_files_out_of_order()
    {
        var first = File("1_a.sql");

        var plan = MigrationPlanner.Plan([first], [Row("5", "gone", Sha256Of("x"))], Strict);

        Assert.Equal(MigrationState.OutOfOrder, EntryFor(plan, "1").State);
        Assert.Equal(MigrationState.Missing, EntryFor(plan, "5").State);
        Assert.True(plan.IsBlocked);
    }

    [Fact]
    public void A_file_with_leading_zeros_matches_the_row_recorded_without_them()
    {
        var file = File("007_bond.sql");

        var plan = MigrationPlanner.Plan([file], [Row("7", "bond", file.Checksum)], Strict);

        var entry = Assert.Single(plan.Entries);
        Assert.Equal(MigrationState.Applied, entry.State);
        Assert.Same(file, entry.Migration);
        Assert.Empty(plan.Findings);
    }

    [Fact]
    public void A_retried_entry_keeps_the_version_text_of_its_row_so_the_same_row_is_updated()
    {
        var file = File("007_bond.sql");

        var plan = MigrationPlanner.Plan([file], [Row("7", "bond", file.Checksum, success: false)], Strict);

        var entry = Assert.Single(plan.ToApply);
        Assert.Equal(MigrationState.Failed, entry.State);
        Assert.Equal("7", entry.VersionText);
    }

    [Fact]
    public void A_pending_entry_keeps_the_version_text_of_its_file_name()
    {
        var plan = MigrationPlanner.Plan([File("007_bond.sql")], [], Strict);

        Assert.Equal("007", Assert.Single(plan.Entries).VersionText);
    }

    [Fact]
    public void A_row_with_leading_zeros_matches_the_file_without_them()
    {
        var file = File("7_bond.sql");

        var plan = MigrationPlanner.Plan([file], [Row("0007", "bond", file.Checksum)], Strict);

        Assert.Equal(MigrationState.Applied, Assert.Single(plan.Entries).State);
        Assert.Empty(plan.Findings);
    }

    [Fact]
    public void Entries_are_sorted_by_numeric_version_across_files_and_missing_rows()
    {
        Migration[] files = [File("10_j.sql"), File("2_b.sql"), File("20250101000000_t.sql")];
        AppliedMigration[] history =
        [
            Row("9", "nine", Sha256Of("9")),
            Row("100", "hundred", Sha256Of("100")),
            Row("1", "one", Sha256Of("1")),
        ];

        var plan = MigrationPlanner.Plan(files, history, new PlanOptions(AllowOutOfOrder: true));

        Assert.Equal(["1", "2", "9", "10", "100", "20250101000000"], plan.Entries.Select(e => e.VersionText));
    }

    [Fact]
    public void ToApply_follows_version_order_whatever_the_input_order()
    {
        var a = File("9_a.sql");
        var b = File("10_b.sql");
        var c = File("100_c.sql");

        var plan = MigrationPlanner.Plan([c, a, b], [], Strict);

        Assert.Equal([a, b, c], plan.ToApply.Select(e => e.Migration));
    }

    [Fact]
    public void A_mixed_history_gives_each_state_once()
    {
        var applied = File("1_applied.sql");
        var failed = File("2_failed.sql");
        var drifted = File("3_drifted.sql", "select 'new';");
        var pending = File("5_pending.sql");
        AppliedMigration[] history =
        [
            AppliedRow(applied),
            Row("2", "failed", failed.Checksum, success: false),
            Row("3", "drifted", Sha256Of("select 'old';")),
            Row("4", "missing", Sha256Of("gone")),
        ];

        var plan = MigrationPlanner.Plan([applied, failed, drifted, pending], history, new PlanOptions(AllowDrift: true));

        Assert.Equal(
            [MigrationState.Applied, MigrationState.Failed, MigrationState.Drifted, MigrationState.Missing, MigrationState.Pending],
            plan.Entries.Select(e => e.State));
        Assert.Equal([failed, pending], plan.ToApply.Select(e => e.Migration));
        Assert.Equal(2, plan.Findings.Count);
        Assert.False(plan.IsBlocked);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => MigrationPlanner.Plan(null!, [], Strict));
        Assert.Throws<ArgumentNullException>(() => MigrationPlanner.Plan([], null!, Strict));
        Assert.Throws<ArgumentNullException>(() => MigrationPlanner.Plan([], [], null!));
    }

    [Fact]
    public void Every_row_with_a_non_numeric_version_is_reported_as_missing()
    {
        AppliedMigration[] history = [Row("init", "first", Sha256Of("1")), Row("seed", "second", Sha256Of("2"))];

        var plan = MigrationPlanner.Plan([], history, Strict);

        Assert.Equal(2, plan.Count(MigrationState.Missing));
        Assert.Equal(2, plan.Findings.Count);
    }

    [Fact]
    public void A_row_with_a_non_numeric_version_is_not_taken_for_version_zero()
    {
        var zero = File("0_init.sql");

        var plan = MigrationPlanner.Plan([zero], [Row("baseline", "baseline", Sha256Of("other"))], Strict);

        Assert.Equal(MigrationState.Pending, EntryFor(plan, "0").State);
        Assert.Equal(MigrationState.Missing, EntryFor(plan, "baseline").State);
    }
}
