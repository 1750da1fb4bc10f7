using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 18: <c>test</c> proves each down part on the scratch database: fingerprint before the up part, up, down,
/// fingerprint again (equal), then up again (it must succeed). Each is reversible, down fails (located) or down leaves
/// changes (the objects that differ).
/// </summary>
public sealed class ReversibilityTests
{
    [Fact]
    public async Task Each_down_part_is_reported_reversible_failing_or_leaving_changes()
    {
        using var folder = new MigrationFolder();
        folder.Write("1_base.sql", "CREATE TABLE IF NOT EXISTS base (id int PRIMARY KEY);\n");
        folder.Write("2_reversible.sql", """
            CREATE TABLE IF NOT EXISTS trips (id int PRIMARY KEY, base_id int REFERENCES base);
            INSERT INTO base VALUES (1) ON CONFLICT DO NOTHING;
            -- migrate:down
            DELETE FROM base WHERE id = 1;
            DROP TABLE IF EXISTS trips;
            """);
        folder.Write("3_down_fails.sql", "CREATE TABLE IF NOT EXISTS notes (id int);\n-- migrate:down\nDROP TABLE IF EXISTS notes;\nDROP TABLE missing_table;\n");
        folder.Write("4_down_leaves_an_index.sql", "CREATE INDEX IF NOT EXISTS base_id_desc ON base (id DESC);\nCREATE TABLE IF NOT EXISTS tags (id int);\n-- migrate:down\nDROP TABLE IF EXISTS tags;\n");
        folder.Write("5_down_leaves_a_row.sql", "INSERT INTO base VALUES (5) ON CONFLICT DO NOTHING;\n-- migrate:down\nSELECT 1;\n");
        folder.Write("6_irreversible.sql", "CREATE TABLE IF NOT EXISTS plain (id int);\n");
        folder.Write("7_non_transactional.sql", """
            CREATE INDEX CONCURRENTLY IF NOT EXISTS base_id_hash ON base USING hash (id);
            -- migrate:down
            DROP INDEX CONCURRENTLY IF EXISTS base_id_hash;
            """);

        var result = await Tool.RunAsync("test", "--dir", folder.Path, "--json");
        var text = await Tool.RunAsync("test", "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        using var report = JsonDocument.Parse(result.Output);
        var migrations = report.RootElement.GetProperty("migrations").EnumerateArray().ToDictionary(m => m.GetProperty("file").GetString()!);
        string? Verdict(string file) => migrations[file].GetProperty("reversibility") is { ValueKind: JsonValueKind.Object } r ? r.GetProperty("outcome").GetString() : null;
        Assert.Null(Verdict("1_base.sql"));
        Assert.Equal("reversible", Verdict("2_reversible.sql"));
        Assert.Equal("down-fails", Verdict("3_down_fails.sql"));
        Assert.Equal("down-leaves-changes", Verdict("4_down_leaves_an_index.sql"));
        Assert.Equal("down-leaves-changes", Verdict("5_down_leaves_a_row.sql"));
        Assert.Null(Verdict("6_irreversible.sql"));
        Assert.Equal("reversible", Verdict("7_non_transactional.sql"));
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var fails = Assert.Single(findings, f => f.GetProperty("rule").GetString() == "reversibility.down-fails");
        Assert.EndsWith("3_down_fails.sql", fails.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, fails.GetProperty("line").GetInt32());
        Assert.Contains("42P01", fails.GetProperty("message").GetString(), StringComparison.Ordinal);
        var leaves = findings.Where(f => f.GetProperty("rule").GetString() == "reversibility.down-leaves-changes").Select(f => f.GetProperty("message").GetString()!).ToList();
        Assert.Equal(2, leaves.Count);
        Assert.Contains(leaves, m => m.Contains("+ index public.base.base_id_desc", StringComparison.Ordinal));
        Assert.Contains(leaves, m => m.Contains("~ rows public.base", StringComparison.Ordinal));
        Assert.Contains("reversible        2_reversible.sql (down)", text.Output, StringComparison.Ordinal);
        Assert.Contains("DOWN FAILS        3_down_fails.sql (down)", text.Output, StringComparison.Ordinal);
        Assert.Contains("LEAVES CHANGES    4_down_leaves_an_index.sql (down)", text.Output, StringComparison.Ordinal);
        Assert.Contains("of 5 down part(s) do not undo their migration", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_down_part_that_leaves_what_blocks_the_up_part_is_caught_although_the_schema_looks_the_same()
    {
        using var folder = new MigrationFolder();
        // Roles are the cluster's, not the database's: the fingerprint cannot see one left behind, running up again can.
        folder.Write("1_role.sql", "CREATE ROLE wayli_reversibility_probe NOLOGIN;\nCREATE TABLE IF NOT EXISTS probe (id int);\n"
            + "-- migrate:down\nDROP TABLE IF EXISTS probe;\n");
        folder.Write("2_fine.sql", "CREATE TABLE IF NOT EXISTS fine (id int);\n-- migrate:down\nDROP TABLE IF EXISTS fine;\n");

        var result = await Tool.RunAsync("test", "--dir", folder.Path, "--json");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        using var report = JsonDocument.Parse(result.Output);
        var first = report.RootElement.GetProperty("migrations")[0].GetProperty("reversibility");
        Assert.Equal("down-leaves-changes", first.GetProperty("outcome").GetString());
        Assert.Contains("already exists", first.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("down part left something that blocks it", first.GetProperty("error").GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal("reversible", report.RootElement.GetProperty("migrations")[1].GetProperty("reversibility").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_set_whose_down_parts_all_undo_their_migrations_passes()
    {
        using var folder = new MigrationFolder();
        folder.Write("1_a.sql", "CREATE TABLE IF NOT EXISTS a (id int);\n-- migrate:down\nDROP TABLE IF EXISTS a;\n");
        folder.Write("2_b.sql", "ALTER TABLE a ADD COLUMN IF NOT EXISTS note text;\n-- migrate:down\nALTER TABLE a DROP COLUMN IF EXISTS note;\n");

        var result = await Tool.RunAsync("test", "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("PASS: 2 migration(s) checked, all idempotent, 2 reversible.", result.Output, StringComparison.Ordinal);
    }
}
