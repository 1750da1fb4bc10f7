using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Verification;

/// <summary>
/// <c>plan --rehearse</c> on the known cases, each asserted from the rehearsal's own output (so from what PostgreSQL
/// showed, on whichever major version the suite runs): which statements rewrite, scan, build indexes, and which lock
/// modes they take on tables that existed before them. The rehearsal runs once per server; each fact reads its case.
/// </summary>
public sealed class RehearsalTests(PostgresServer server)
{
    static readonly SemaphoreSlim Gate = new(1, 1);
    static readonly Dictionary<PostgresServer, (JsonElement Root, string Markdown, int MarkdownExit)> Rehearsals = [];

    async Task<JsonElement> RehearseAsync() => (await RehearsalAsync()).Root;

    async Task<(JsonElement Root, string Markdown, int MarkdownExit)> RehearsalAsync()
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (Rehearsals.TryGetValue(server, out var done))
                return done;
            var db = await server.CreateDatabaseAsync();
            var (applied, pending) = RehearsalSet.Folders();
            using (applied)
            using (pending)
            {
                Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", applied.Path)).ExitCode);
                await db.ExecuteAsync("ANALYZE public.trips; ANALYZE public.stops");
                var json = await Tool.RunAsync("plan", "--rehearse", "--db-url", db.Url, "--dir", pending.Path, "--scratch-url", server.Cluster.Url(), "--json");
                Assert.True(json.ExitCode == ExitCodes.Ok, json.ToString());
                var markdown = await Tool.RunAsync("plan", "--rehearse", "--db-url", db.Url, "--dir", pending.Path, "--scratch-url", server.Cluster.Url(),
                    "--format", "markdown", "--fail-on", "high");
                Assert.Single(await db.HistoryAsync()); // the rehearsal recorded nothing on the target
                done = (JsonDocument.Parse(json.Output).RootElement.Clone(), markdown.Output, markdown.ExitCode);
                Rehearsals[server] = done;
                return done;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Adding_a_column_with_a_constant_default_takes_an_access_exclusive_lock_but_rewrites_nothing()
    {
        var statement = RehearsalSet.Statement(await RehearseAsync(), "add_column_constant_default");
        Assert.Equal(["AccessExclusiveLock on public.trips"], RehearsalSet.Locks(statement));
        Assert.Empty(RehearsalSet.Strings(statement, "rewritten"));
        Assert.Empty(RehearsalSet.Strings(statement, "scanned"));
        Assert.Equal("medium", statement.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task Adding_a_column_with_a_volatile_default_rewrites_the_table()
    {
        var statement = RehearsalSet.Statement(await RehearseAsync(), "add_column_volatile_default");
        Assert.Contains("public.trips", RehearsalSet.Strings(statement, "rewritten"));
        Assert.Equal("high", statement.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task Changing_int_to_bigint_rewrites_the_table_and_the_risk_line_says_how_big_it_is_on_the_target()
    {
        var root = await RehearseAsync();
        var statement = RehearsalSet.Statement(root, "int_to_bigint");
        Assert.Contains("AccessExclusiveLock on public.trips", RehearsalSet.Locks(statement));
        Assert.Contains("public.trips", RehearsalSet.Strings(statement, "rewritten"));
        var risk = statement.GetProperty("risks").EnumerateArray().First();
        Assert.Equal("rewrite", risk.GetProperty("kind").GetString());
        Assert.Contains("rewrites public.trips (≈ 1000 rows, ", risk.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("under AccessExclusiveLock: blocks reads and writes for the whole rewrite", risk.GetProperty("text").GetString(), StringComparison.Ordinal);
        var lint = RehearsalSet.Migration(root, "int_to_bigint").GetProperty("lint").EnumerateArray().Single();
        Assert.Equal(("WM204", true), (lint.GetProperty("ruleId").GetString(), lint.GetProperty("confirmed").GetBoolean()));
    }

    [Fact]
    public async Task Widening_a_varchar_rewrites_nothing_and_corrects_lints_guess()
    {
        var root = await RehearseAsync();
        var statement = RehearsalSet.Statement(root, "widen_varchar");
        Assert.Empty(RehearsalSet.Strings(statement, "rewritten"));
        Assert.Empty(RehearsalSet.Strings(statement, "scanned"));
        Assert.Equal(["AccessExclusiveLock on public.trips"], RehearsalSet.Locks(statement));
        var lint = RehearsalSet.Migration(root, "widen_varchar").GetProperty("lint").EnumerateArray().Single();
        Assert.Equal(("WM204", false), (lint.GetProperty("ruleId").GetString(), lint.GetProperty("confirmed").GetBoolean()));
    }

    [Fact]
    public async Task Set_not_null_scans_the_table_without_rewriting_it()
    {
        var statement = RehearsalSet.Statement(await RehearseAsync(), "set_not_null");
        Assert.Equal(["public.trips"], RehearsalSet.Strings(statement, "scanned"));
        Assert.Empty(RehearsalSet.Strings(statement, "rewritten"));
        Assert.Equal(["AccessExclusiveLock on public.trips"], RehearsalSet.Locks(statement));
        Assert.Equal("high", statement.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task A_check_added_not_valid_scans_nothing_and_validating_it_scans_under_share_update_exclusive()
    {
        var root = await RehearseAsync();
        var added = RehearsalSet.Statement(root, "check_not_valid");
        Assert.Empty(RehearsalSet.Strings(added, "scanned"));
        var validated = RehearsalSet.Statement(root, "validate_check");
        Assert.Equal(["public.trips"], RehearsalSet.Strings(validated, "scanned"));
        Assert.Equal(["ShareUpdateExclusiveLock on public.trips"], RehearsalSet.Locks(validated));
        Assert.Equal("low", validated.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task Create_index_takes_a_share_lock_and_builds_the_index_on_the_existing_table()
    {
        var statement = RehearsalSet.Statement(await RehearseAsync(), "create_index");
        Assert.Equal(["ShareLock on public.trips"], RehearsalSet.Locks(statement));
        var index = statement.GetProperty("indexes").EnumerateArray().Single();
        Assert.Equal(("public.trips_title_idx", "public.trips", false),
            (index.GetProperty("index").GetString(), index.GetProperty("table").GetString(), index.GetProperty("concurrently").GetBoolean()));
        Assert.Equal("high", statement.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task Create_index_concurrently_runs_outside_a_transaction_under_share_update_exclusive()
    {
        var root = await RehearseAsync();
        var migration = RehearsalSet.Migration(root, "create_index_concurrently");
        Assert.False(migration.GetProperty("inTransaction").GetBoolean());
        var statement = RehearsalSet.Statement(root, "create_index_concurrently");
        Assert.True(statement.GetProperty("sampled").GetBoolean());
        Assert.Equal(["ShareUpdateExclusiveLock on public.trips"], RehearsalSet.Locks(statement));
        Assert.True(statement.GetProperty("indexes").EnumerateArray().Single().GetProperty("concurrently").GetBoolean());
        Assert.Equal("low", statement.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task Adding_a_foreign_key_locks_both_tables_against_writes_and_scans_the_referencing_one()
    {
        var statement = RehearsalSet.Statement(await RehearseAsync(), "add_foreign_key");
        var locks = RehearsalSet.Locks(statement);
        Assert.Contains("ShareRowExclusiveLock on public.stops", locks);
        Assert.Contains("ShareRowExclusiveLock on public.trips", locks);
        Assert.Contains("public.stops", RehearsalSet.Strings(statement, "scanned"));
        Assert.Equal("high", statement.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task A_function_only_migration_locks_no_table()
    {
        var migration = RehearsalSet.Migration(await RehearseAsync(), "function_only");
        Assert.Empty(RehearsalSet.Locks(migration.GetProperty("statements").EnumerateArray().Single()));
        Assert.Equal("none", migration.GetProperty("risk").GetString());
        Assert.Contains(migration.GetProperty("objects").EnumerateArray(), o => o.GetProperty("change").GetString() == "created"
            && o.GetProperty("kind").GetString() == "function" && o.GetProperty("identity").GetString() == "public.trip_count()");
    }

    [Fact]
    public async Task A_sql_function_whose_body_is_checked_takes_only_access_share_on_the_tables_it_reads()
    {
        var migration = RehearsalSet.Migration(await RehearseAsync(), "sql_function");
        Assert.Equal(["AccessShareLock on public.stops"], RehearsalSet.Locks(migration.GetProperty("statements").EnumerateArray().Single()));
        Assert.Equal("none", migration.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task A_new_table_and_its_index_block_nothing_because_nobody_else_can_see_them_yet()
    {
        var migration = RehearsalSet.Migration(await RehearseAsync(), "new_table_and_its_index");
        Assert.All(migration.GetProperty("statements").EnumerateArray(), s => Assert.Empty(RehearsalSet.Locks(s)));
        Assert.Equal("none", migration.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task Markdown_lists_every_migration_and_fail_on_high_exits_3()
    {
        var (root, markdown, exit) = await RehearsalAsync();
        Assert.Equal("high", root.GetProperty("risk").GetString());
        Assert.Equal(ExitCodes.Validation, exit);
        Assert.StartsWith("## Rehearsal: highest risk high", markdown, StringComparison.Ordinal);
        foreach (var (name, _) in RehearsalSet.Cases)
            Assert.Contains($"_{name}.sql`", markdown, StringComparison.Ordinal);
    }
}
