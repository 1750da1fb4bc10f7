using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Wayli.Migrate.Fingerprints;

/// <summary>
/// A snapshot of a database's user schemas taken from PostgreSQL's catalogs: relations, columns, constraints,
/// indexes, functions, triggers, policies, types, extensions, publications, privileges, and each table's row count and
/// row hash. Two fingerprints compare object by object, so a difference names what differs, for example after
/// applying the same migration twice, or between a database migrated by this tool and one migrated by psql.
/// </summary>
/// <remarks>
/// No OID appears in an object, so fingerprints of two databases compare. Sequence positions are left out, because
/// they move with data, not with the schema. Objects that belong to an extension are left out (the extension's
/// version stands for them), and so are roles, which belong to the cluster.
/// </remarks>
public sealed class SchemaFingerprint
{
    static readonly string[] SystemSchemas = ["pg_catalog", "information_schema"];

    /// <summary>Makes a fingerprint of the given objects, sorted by kind and identity.</summary>
    /// <remarks>Objects of the same kind and identity are kept apart by a <c> #2</c>, <c> #3</c>… suffix.</remarks>
    public SchemaFingerprint(IEnumerable<SchemaObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        Objects = Distinct(objects
            .OrderBy(o => o.Kind, StringComparer.Ordinal)
            .ThenBy(o => o.Identity, StringComparer.Ordinal)
            .ThenBy(o => o.Definition, StringComparer.Ordinal));
    }

    /// <summary>Every object, sorted by kind, then identity (ordinal).</summary>
    public IReadOnlyList<SchemaObject> Objects { get; }

    /// <summary>
    /// Reads the fingerprint of the database <paramref name="connection"/> is open on, in one read-only
    /// repeatable-read transaction, so all queries see the same moment. The connection must not be in a transaction;
    /// its session settings are as before afterwards. Run it as a role that can read every table (a superuser):
    /// row security is switched off for the capture, so a table whose rows would be filtered makes it fail instead
    /// of hashing part of the table.
    /// </summary>
    public static async Task<SchemaFingerprint> CaptureAsync(
        NpgsqlConnection connection, FingerprintOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await ExecuteAsync(connection, "SET TRANSACTION READ ONLY", cancellationToken);
        var fingerprint = await CaptureWithinAsync(connection, options, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        return fingerprint;
    }

    /// <summary>
    /// Reads the fingerprint inside the transaction <paramref name="connection"/> has open (a migration's, to see what
    /// its statements did so far; or a read-only one on a production database). The reading runs in a savepoint that
    /// is rolled back, so the transaction keeps no setting and no lock from it.
    /// </summary>
    internal static async Task<SchemaFingerprint> CaptureWithinAsync(
        NpgsqlConnection connection, FingerprintOptions? options, CancellationToken cancellationToken)
    {
        options ??= FingerprintOptions.Default;
        string[] excluded = [.. SystemSchemas, .. options.ExcludedSchemas ?? []];
        await ExecuteAsync(connection, "SAVEPOINT wayli_migrate_fingerprint", cancellationToken);
        try
        {
            await PrepareAsync(connection, cancellationToken);
            var objects = await ReadCatalogAsync(connection, excluded, cancellationToken);
            if (options.Rows)
                objects.AddRange(await TableRows.CaptureAsync(connection, excluded, options.MaxRowsToHash, cancellationToken));
            return new SchemaFingerprint(options.Exclude is null ? objects : objects.Where(o => !options.Exclude(o)));
        }
        finally
        {
            // Also after a failed query (the savepoint undoes the abort); not when the connection itself is gone.
            if (connection.FullState == ConnectionState.Open)
                await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT wayli_migrate_fingerprint; RELEASE SAVEPOINT wayli_migrate_fingerprint", CancellationToken.None);
        }
    }

    /// <summary>
    /// What changed from this fingerprint to <paramref name="other"/>: objects only in <paramref name="other"/> are
    /// added, objects only in this one removed, objects in both with different definitions changed.
    /// </summary>
    public SchemaDifference CompareTo(SchemaFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var before = Objects.ToDictionary(o => (o.Kind, o.Identity));
        var after = other.Objects.ToDictionary(o => (o.Kind, o.Identity));
        var added = other.Objects.Where(o => !before.ContainsKey((o.Kind, o.Identity))).ToList();
        var removed = Objects.Where(o => !after.ContainsKey((o.Kind, o.Identity))).ToList();
        var changed = Objects
            .Where(o => after.TryGetValue((o.Kind, o.Identity), out var a) && !string.Equals(o.Definition, a.Definition, StringComparison.Ordinal))
            .Select(o => new SchemaChange(o, after[(o.Kind, o.Identity)]))
            .ToList();
        return new SchemaDifference(added, removed, changed);
    }

    // Settings that change how values and names are rendered are pinned, so the text is the same in every session.
    static async Task PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // One batch command per statement: the tool runs Npgsql without SQL rewriting, which would otherwise split them.
        string[] settings =
        [
            "SET LOCAL search_path = pg_catalog",
            "SET LOCAL row_security = off",
            "SET LOCAL quote_all_identifiers = off",
            "SET LOCAL TimeZone = 'UTC'",
            "SET LOCAL DateStyle = 'ISO, YMD'",
            "SET LOCAL IntervalStyle = 'postgres'",
            "SET LOCAL extra_float_digits = 1",
            "SET LOCAL bytea_output = 'hex'",
        ];
        await using var batch = new NpgsqlBatch(connection);
        foreach (var setting in settings)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    // All catalog queries in one round trip; each returns (kind, identity, definition).
    static async Task<List<SchemaObject>> ReadCatalogAsync(NpgsqlConnection connection, string[] excludedSchemas, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        foreach (var sql in CatalogQueries.All)
        {
            var command = new NpgsqlBatchCommand(sql);
            if (sql.Contains("$1", StringComparison.Ordinal))
                command.Parameters.Add(new NpgsqlParameter { Value = excludedSchemas, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var objects = new List<SchemaObject>();
        do
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                objects.Add(new SchemaObject(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }
        while (await reader.NextResultAsync(cancellationToken));
        return objects;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in sql.Split("; "))
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    static List<SchemaObject> Distinct(IEnumerable<SchemaObject> sorted)
    {
        var result = new List<SchemaObject>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var o in sorted)
        {
            var n = seen[(o.Kind, o.Identity)] = seen.GetValueOrDefault((o.Kind, o.Identity)) + 1;
            result.Add(n == 1 ? o : o with { Identity = $"{o.Identity} #{n}" });
        }
        return result;
    }
}
