using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Wayli.Migrate.Fingerprints;

/// <summary>
/// The <c>rows</c> objects of a fingerprint: per ordinary table its row count and, for small tables, an MD5 of its
/// rows' text in sorted order, so a seed INSERT that adds a row on every run shows up as a change.
/// </summary>
internal static class TableRows
{
    /// <summary>The kind of the objects this class makes.</summary>
    public const string Kind = "rows";

    /// <summary>Counts every table's rows, then hashes the tables of at most <paramref name="maxRowsToHash"/> rows.</summary>
    public static async Task<IReadOnlyList<SchemaObject>> CaptureAsync(
        NpgsqlConnection connection, string[] excludedSchemas, int maxRowsToHash, CancellationToken cancellationToken)
    {
        var tables = await ListAsync(connection, excludedSchemas, cancellationToken);
        var readable = tables.Where(t => t.Readable).Select(t => t.Name).ToList();
        var counts = await ScalarsAsync(connection, readable.Select(t => $"SELECT count(*)::text FROM ONLY {t}"), cancellationToken);
        var small = readable.Where((_, i) => long.Parse(counts[i], CultureInfo.InvariantCulture) <= maxRowsToHash).ToList();
        var hashes = await ScalarsAsync(connection, small.Select(HashQuery), cancellationToken);
        var countOf = readable.Zip(counts).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        var hashOf = small.Zip(hashes).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        return tables.Select(t => new SchemaObject(Kind, t.Name, Describe(t, countOf, hashOf), t.Schema)).ToList();
    }

    // Rows compared as text in byte order, so the hash depends neither on physical order nor on the collation.
    static string HashQuery(string table) =>
        $"""SELECT md5(coalesce(string_agg(r, E'\n' ORDER BY r COLLATE "C"), '')) FROM (SELECT ROW(t.*)::text FROM ONLY {table} t) s(r)""";

    static string Describe(
        (string Name, bool Readable, string Schema) table, Dictionary<string, string> countOf, Dictionary<string, string> hashOf)
    {
        if (!table.Readable)
            return "not readable: no SELECT privilege";
        var count = countOf[table.Name];
        return hashOf.TryGetValue(table.Name, out var hash) ? $"{count} rows, md5 {hash}" : $"not hashed: {count} rows";
    }

    static async Task<List<(string Name, bool Readable, string Schema)>> ListAsync(
        NpgsqlConnection connection, string[] excludedSchemas, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CatalogQueries.Tables, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = excludedSchemas, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tables = new List<(string, bool, string)>();
        while (await reader.ReadAsync(cancellationToken))
            tables.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetString(2)));
        return tables;
    }

    // One round trip for all tables; no timeout, because a large table takes as long as it takes to read.
    static async Task<List<string>> ScalarsAsync(NpgsqlConnection connection, IEnumerable<string> queries, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        foreach (var query in queries)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(query));
        var values = new List<string>();
        if (batch.BatchCommands.Count == 0)
            return values;
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            await reader.ReadAsync(cancellationToken);
            values.Add(reader.GetString(0));
        }
        while (await reader.NextResultAsync(cancellationToken));
        return values;
    }
}
