using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Tests.Planning;

/// <summary>How a rehearsed statement is judged: pure rules over what PostgreSQL showed, joined with the target's sizes.</summary>
public sealed class RiskAssessmentTests
{
    static readonly Dictionary<string, RelationStatistics> Sizes = new(StringComparer.Ordinal)
    {
        ["public.trips"] = new("public.trips", 1_234_567, 340L << 20, null, null),
        ["public.stops"] = new("public.stops", null, 8192, null, null),
    };

    static StatementEffects Effects(IReadOnlyList<RelationLock>? locks = null, Dictionary<string, string>? held = null, IReadOnlyList<string>? rewritten = null,
        IReadOnlyList<string>? scanned = null, IReadOnlyList<BuiltIndex>? indexes = null, bool inTransaction = true) =>
        new(locks ?? [], held ?? [], rewritten ?? [], new Dictionary<string, string>(), scanned ?? [], indexes ?? [], inTransaction,
            new HashSet<string>(["public.trips_pkey"], StringComparer.Ordinal));

    static RelationLock Lock(string relation, string mode) => new(relation, mode, LockModes.Impact(mode));

    [Theory]
    [InlineData("AccessShareLock", LockImpact.OnlyDdl)]
    [InlineData("RowExclusiveLock", LockImpact.OnlyDdl)]
    [InlineData("ShareUpdateExclusiveLock", LockImpact.OnlyDdl)]
    [InlineData("ShareLock", LockImpact.Writes)]
    [InlineData("ShareRowExclusiveLock", LockImpact.Writes)]
    [InlineData("ExclusiveLock", LockImpact.Writes)]
    [InlineData("AccessExclusiveLock", LockImpact.ReadsAndWrites)]
    public void Each_mode_blocks_what_postgresql_documents(string mode, LockImpact impact) => Assert.Equal(impact, LockModes.Impact(mode));

    [Fact]
    public void Modes_order_by_strength() =>
        Assert.Equal("AccessExclusiveLock", LockModes.Strongest(["ShareLock", "AccessExclusiveLock", "RowExclusiveLock"]));

    [Fact]
    public void A_rewrite_under_access_exclusive_is_high_and_says_the_size_on_the_target()
    {
        var (level, lines) = RiskAssessment.Assess(Effects([Lock("public.trips", "AccessExclusiveLock")], new() { ["public.trips"] = "AccessExclusiveLock" },
            rewritten: ["public.trips"]), Sizes, "--statement-lock-timeout");
        Assert.Equal(RiskLevel.High, level);
        Assert.Equal("rewrites public.trips (≈ 1.2 M rows, 340 MB on the target) under AccessExclusiveLock: blocks reads and writes for the whole rewrite, "
            + "until the migration commits", Assert.Single(lines).Text);
    }

    [Fact]
    public void A_scan_under_a_lock_that_blocks_only_ddl_is_low()
    {
        var (level, lines) = RiskAssessment.Assess(Effects([Lock("public.trips", "ShareUpdateExclusiveLock")], new() { ["public.trips"] = "ShareUpdateExclusiveLock" },
            scanned: ["public.trips"]), Sizes, "--statement-lock-timeout");
        Assert.Equal(RiskLevel.Low, level);
        Assert.Contains("reads and writes go on", Assert.Single(lines).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_brief_lock_that_blocks_writes_is_medium_and_names_the_lock_timeout_option()
    {
        var (level, lines) = RiskAssessment.Assess(Effects([Lock("public.stops", "AccessExclusiveLock")], new() { ["public.stops"] = "AccessExclusiveLock" },
            inTransaction: false), Sizes, "MigrationOptions.StatementLockTimeout");
        Assert.Equal(RiskLevel.Medium, level);
        var text = Assert.Single(lines).Text;
        Assert.StartsWith("takes AccessExclusiveLock on public.stops (8 kB on the target, never analyzed): blocks reads and writes; brief", text, StringComparison.Ordinal);
        Assert.EndsWith("(bound the wait with MigrationOptions.StatementLockTimeout)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Locks_that_block_only_ddl_and_index_locks_alone_are_no_risk()
    {
        var (level, lines) = RiskAssessment.Assess(Effects([Lock("public.trips", "RowExclusiveLock"), Lock("public.trips_pkey", "AccessExclusiveLock")]),
            Sizes, "--statement-lock-timeout");
        Assert.Equal((RiskLevel.None, 0), (level, lines.Count));
    }

    [Fact]
    public void An_index_built_concurrently_is_low_and_one_built_in_a_transaction_is_high()
    {
        var concurrent = RiskAssessment.Assess(Effects([Lock("public.trips", "ShareUpdateExclusiveLock")], new() { ["public.trips"] = "ShareUpdateExclusiveLock" },
            indexes: [new BuiltIndex("public.trips_a_idx", "public.trips", true)], inTransaction: false), Sizes, "x");
        var blocking = RiskAssessment.Assess(Effects([Lock("public.trips", "ShareLock")], new() { ["public.trips"] = "ShareLock" },
            indexes: [new BuiltIndex("public.trips_a_idx", "public.trips", false)]), Sizes, "x");
        Assert.Equal((RiskLevel.Low, RiskLevel.High), (concurrent.Level, blocking.Level));
        Assert.Contains("builds index public.trips_a_idx on public.trips (≈ 1.2 M rows, 340 MB on the target) under ShareLock: blocks writes, not reads for the whole build",
            Assert.Single(blocking.Lines).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relation_the_target_lacks_is_said_to_come_from_an_earlier_pending_migration() =>
        Assert.Contains("not on the target", RiskAssessment.Size("public.new_table", Sizes), StringComparison.Ordinal);

    [Theory]
    [InlineData(999L, "999")]
    [InlineData(12_345L, "12.3 k")]
    [InlineData(1_234_567L, "1.2 M")]
    [InlineData(3_000_000_000L, "3 G")]
    public void Row_counts_read_at_a_glance(long rows, string text) => Assert.Equal(text, RiskAssessment.Count(rows));
}
