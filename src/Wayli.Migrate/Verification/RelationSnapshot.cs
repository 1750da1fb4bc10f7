using Npgsql;

namespace Wayli.Migrate.Verification;

/// <summary>
/// The relations of a database and the table locks one session holds, read from inside that session (so inside its
/// transaction: what the transaction has rewritten and scanned is visible only there). Two snapshots around a statement
/// tell what it rewrote (<c>relfilenode</c> changed), scanned (the transaction's sequential scans of it grew) and locked.
/// </summary>
internal sealed class RelationSnapshot
{
    // Names are built with quote_ident, not regclass, so a migration's SET search_path cannot change how they read.
    // The scan counter is read with the function behind pg_stat_xact_user_tables.seq_scan, for tables only: the view
    // computes a dozen counters for every relation, and this runs around every statement.
    const string RelationsSql = """
        SELECT c.oid, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname), c.relkind::text, c.relfilenode,
               CASE WHEN t.oid IS NOT NULL THEN pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.relname) END,
               CASE WHEN c.relkind IN ('r', 'p', 'm') THEN pg_catalog.pg_stat_get_xact_numscans(c.oid) ELSE 0 END
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
        LEFT JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
        LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I', 'S', 'v', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname !~ '^pg_(toast|temp_)'
        """;

    /// <summary>
    /// The table locks of a session, its own (no argument) or another's (<c>$1</c>): granted, and asked for but waiting
    /// (a waiting lock of another kind has no relation).
    /// </summary>
    internal const string LocksSql = """
        SELECT CASE WHEN l.locktype = 'relation' THEN l.relation END, l.mode, l.granted
        FROM pg_catalog.pg_locks l
        WHERE l.pid = COALESCE($1, pg_catalog.pg_backend_pid())
          AND (l.locktype = 'relation' AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
               OR NOT l.granted)
        """;

    RelationSnapshot(Dictionary<uint, RelationState> relations, HashSet<(uint Oid, string Mode)> locks) => (Relations, Locks) = (relations, locks);

    /// <summary>Every relation outside the system schemas, by oid.</summary>
    public Dictionary<uint, RelationState> Relations { get; }

    /// <summary>The granted table locks of the session, by relation oid and mode.</summary>
    public HashSet<(uint Oid, string Mode)> Locks { get; }

    /// <summary>Reads both in one round trip.</summary>
    public static async Task<RelationSnapshot> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand(RelationsSql), new NpgsqlBatchCommand(LocksSql) { Parameters = { new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer } } } },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var relations = new Dictionary<uint, RelationState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            relations[reader.GetFieldValue<uint>(0)] = new RelationState(reader.GetString(1), reader.GetString(2)[0], reader.GetFieldValue<uint>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5));
        }
        await reader.NextResultAsync(cancellationToken);
        var locks = new HashSet<(uint, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0) && reader.GetBoolean(2))
                locks.Add((reader.GetFieldValue<uint>(0), reader.GetString(1)));
        }
        return new RelationSnapshot(relations, locks);
    }
}

/// <summary>One relation in a <see cref="RelationSnapshot"/>.</summary>
/// <param name="Name">Schema-qualified, quoted where needed.</param>
/// <param name="Kind"><c>pg_class.relkind</c>.</param>
/// <param name="FileNode">Its storage file; a new one means the relation was rewritten.</param>
/// <param name="Table">For an index, the table it indexes.</param>
/// <param name="SeqScans">Sequential scans of it by the current transaction.</param>
internal sealed record RelationState(string Name, char Kind, uint FileNode, string? Table, long SeqScans)
{
    /// <summary>True for a table, partitioned table or materialized view.</summary>
    public bool IsTable => Kind is 'r' or 'p' or 'm';

    /// <summary>True for an index.</summary>
    public bool IsIndex => Kind is 'i' or 'I';
}
