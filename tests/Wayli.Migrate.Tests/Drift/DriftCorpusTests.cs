using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Drift;

/// <summary>
/// On every shared real-world set (WAYLI_CORPORA): right after <c>migrate</c>, <c>drift</c> reports nothing; after a
/// set of hand changes (an added index, a dropped column, a granted privilege, an edited policy, a changed function
/// body) it reports exactly those. The objects changed are picked from the migrated database, whatever the set holds.
/// </summary>
public sealed class DriftCorpusTests(PostgresServer server)
{
    [Theory]
    [MemberData(nameof(Corpora.All), MemberType = typeof(Corpora))]
    public async Task Right_after_migrate_there_is_no_drift_and_hand_changes_are_reported_exactly(string corpus)
    {
        var folder = Corpora.Folder(corpus);
        var before = folder + ".before.sql";
        using var turn = await Corpora.TakeTurnAsync(corpus);
        var db = await server.CreateDatabaseAsync();
        await db.RunScriptAsync(await File.ReadAllTextAsync(before, TestContext.Current.CancellationToken));
        var migrated = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder);
        Assert.True(migrated.ExitCode == ExitCodes.Ok, migrated.ToString());
        string[] drift = ["drift", "--db-url", db.Url, "--dir", folder, "--prepare", before, "--json", .. Corpora.SchemasArguments(corpus)];

        var clean = await Tool.RunAsync(drift);

        Assert.True(clean.ExitCode == ExitCodes.Ok, clean.ToString());
        Assert.Empty(DriftSet.Differences(clean.Output));

        var expected = await ChangeByHandAsync(db, Corpora.SchemasArguments(corpus) is [_, var named] ? named.Split(',') : ["public"]);
        var changed = await Tool.RunAsync(drift);

        Assert.True(changed.ExitCode == ExitCodes.Validation, changed.ToString());
        var reported = DriftSet.Differences(changed.Output).Select(d => (d.Change, d.Kind, d.Identity)).Order().ToList();
        Assert.Equal(expected.Order().ToList(), reported);
    }

    [Theory]
    [MemberData(nameof(Corpora.All), MemberType = typeof(Corpora))]
    public async Task Rehearsing_the_last_migrations_of_a_set_reports_every_one_and_the_replay_matches_the_database(string corpus)
    {
        var folder = Corpora.Folder(corpus);
        var before = folder + ".before.sql";
        using var turn = await Corpora.TakeTurnAsync(corpus);
        var versions = Directory.GetFiles(folder, "*.sql").Select(Path.GetFileName).Select(f => f!.Split('_')[0]).Where(v => v.All(char.IsAsciiDigit))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var pending = Math.Min(20, versions.Count / 3);
        var db = await server.CreateDatabaseAsync();
        await db.RunScriptAsync(await File.ReadAllTextAsync(before, TestContext.Current.CancellationToken));
        var migrated = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder, "--target", versions[^(pending + 1)]);
        Assert.True(migrated.ExitCode == ExitCodes.Ok, migrated.ToString());
        var schema = await db.FingerprintAsync();

        var result = await Tool.RunAsync(["plan", "--rehearse", "--db-url", db.Url, "--dir", folder, "--prepare", before, "--json", .. Corpora.SchemasArguments(corpus)]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.Empty(DriftSet.Differences(result.Output));
        var rehearsed = document.RootElement.GetProperty("migrations").EnumerateArray().ToList();
        Assert.Equal(versions[^pending..], rehearsed.Select(m => m.GetProperty("version").GetString()));
        Assert.All(rehearsed, m => Assert.Equal(System.Text.Json.JsonValueKind.Null, m.GetProperty("error").ValueKind));
        Assert.Equal(schema, await db.FingerprintAsync());
    }

    /// <summary>Makes the hand changes on objects the set created; returns the differences each must give.</summary>
    static async Task<List<(string, string, string)>> ChangeByHandAsync(TestDatabase db, string[] schemas)
    {
        await using var connection = await db.OpenAsync();
        // Names rendered schema-qualified, as drift names them.
        await ExecuteAsync(connection, "SET search_path = pg_catalog");
        var expected = new List<(string, string, string)>();
        var schemaList = string.Join(", ", schemas.Select(s => $"'{s}'"));
        // A table with a column that nothing depends on (no index, constraint, view or default refers to it): drop it.
        var column = await RowAsync(connection, $"""
            SELECT c.oid::regclass::text, quote_ident(a.attname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind = 'r' AND n.nspname IN ({schemaList}) AND c.relname <> 'database_migrations' AND NOT c.relispartition
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.refobjid = c.oid AND d.refobjsubid = a.attnum)
              AND NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhparent = c.oid OR i.inhrelid = c.oid)
              AND (SELECT count(*) FROM pg_attribute o WHERE o.attrelid = c.oid AND o.attnum > 0 AND NOT o.attisdropped) > 1
              AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.objid = c.oid AND e.deptype = 'e')
            ORDER BY 1, 2 LIMIT 1
            """);
        Assert.NotNull(column);
        var (table, name) = (column[0], column[1]);
        await ExecuteAsync(connection, $"ALTER TABLE {table} DROP COLUMN {name}");
        expected.Add(("missing-from-database", "column", $"{table}.{name}"));
        expected.Add(("different", "table", table));
        foreach (var publication in await ListAsync(connection, $"SELECT quote_ident(p.pubname) FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid WHERE r.prrelid = '{table}'::regclass"))
            expected.Add(("different", "publication table", $"{publication} {table}"));
        // Another table: an index added and a privilege granted on it.
        var other = await RowAsync(connection, $"""
            SELECT c.oid::regclass::text, quote_ident(a.attname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
            WHERE c.relkind = 'r' AND n.nspname IN ({schemaList}) AND c.relname <> 'database_migrations' AND c.oid::regclass::text <> '{table}'
              AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.objid = c.oid AND e.deptype = 'e')
            ORDER BY 1 LIMIT 1
            """);
        Assert.NotNull(other);
        await ExecuteAsync(connection, $"CREATE INDEX wayli_by_hand_idx ON {other[0]} ({other[1]})");
        expected.Add(("only-in-database", "index", $"{other[0]}.wayli_by_hand_idx"));
        await ExecuteAsync(connection, $"GRANT TRUNCATE ON {other[0]} TO pg_monitor");
        expected.Add(("different", "table", other[0]));
        // A policy, where the set has one.
        if (await RowAsync(connection, $"""
            SELECT quote_ident(p.polname), c.oid::regclass::text FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ({schemaList}) AND c.relname <> 'database_migrations' ORDER BY 2, 1 LIMIT 1
            """) is [var policy, var on])
        {
            await ExecuteAsync(connection, $"ALTER POLICY {policy} ON {on} TO pg_monitor");
            expected.Add(("different", "policy", $"{on}.{policy}"));
        }
        // A PL/pgSQL function's body, where the set has one.
        if (await RowAsync(connection, $"""
            SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql') AND p.prokind = 'f' AND n.nspname IN ({schemaList})
              AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.objid = p.oid AND e.deptype = 'e') AND p.proname <> 'exec_sql'
            ORDER BY 1 LIMIT 1
            """) is [var function, var definition])
        {
            // pg_get_functiondef writes the body on its own, after a line "AS $function$".
            var tag = definition.IndexOf("\nAS $", StringComparison.Ordinal) + 4;
            Assert.True(tag > 4, definition);
            var end = definition.IndexOf('$', tag + 1) + 1;
            await ExecuteAsync(connection, definition[..end] + "\n-- changed by hand" + definition[end..]);
            expected.Add(("different", "function", function));
        }
        return expected;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    static async Task<string[]?> RowAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        if (!await reader.ReadAsync(TestContext.Current.CancellationToken))
            return null;
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)];
    }

    static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var list = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            list.Add(reader.GetString(0));
        return list;
    }
}
