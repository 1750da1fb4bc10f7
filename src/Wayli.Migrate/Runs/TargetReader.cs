using Npgsql;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.History;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>
/// Reads the target for <c>drift</c> and <c>plan --rehearse</c>: its version, roles, history, schema fingerprint and,
/// when asked, its relations' sizes, in one short <c>READ ONLY</c> transaction of catalog reads. It takes no lock
/// stronger than <c>AccessShareLock</c> (the one every <c>SELECT</c> takes), reads no table's rows but the history's,
/// and holds its snapshot only as long as the reading takes.
/// </summary>
internal static class TargetReader
{
    const string RolesSql = "SELECT rolname::text FROM pg_catalog.pg_roles WHERE rolname !~ '^pg_' ORDER BY rolname";

    // Names rendered with search_path = pg_catalog, as the fingerprint renders them, so the two can be joined.
    const string StatisticsSql = """
        SELECT c.oid::pg_catalog.regclass::text, CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END,
               pg_catalog.pg_total_relation_size(c.oid),
               greatest(s.last_vacuum, s.last_autovacuum), greatest(s.last_analyze, s.last_autoanalyze)
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid
        WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'
        """;

    /// <summary>Reads the target.</summary>
    /// <param name="run">The run.</param>
    /// <param name="fingerprint">What the fingerprint covers.</param>
    /// <param name="statistics">Also read the relations' sizes.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public static async Task<TargetState> ReadAsync(RunContext run, FingerprintOptions fingerprint, bool statistics, CancellationToken cancellationToken)
    {
        await using var connection = await run.ConnectAsync(waitForDatabase: true, cancellationToken);
        await ExecuteAsync(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", cancellationToken);
        var roles = await ReadListAsync(connection, RolesSql, r => r.GetString(0), cancellationToken);
        var shape = await run.History.InspectAsync(connection, cancellationToken);
        run.RefuseIncompatible(shape);
        var rows = shape == HistoryShape.Missing ? [] : await run.History.ReadAsync(connection, shape, cancellationToken);
        var schema = await SchemaFingerprint.CaptureWithinAsync(connection, fingerprint, cancellationToken);
        var sizes = statistics ? await ReadStatisticsAsync(connection, cancellationToken) : [];
        await ExecuteAsync(connection, "COMMIT", cancellationToken);
        return new TargetState(connection.PostgreSqlVersion.Major, roles, shape, rows, schema,
            sizes.ToDictionary(s => s.Relation, StringComparer.Ordinal));
    }

    static async Task<List<RelationStatistics>> ReadStatisticsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "SAVEPOINT wayli_migrate_statistics", cancellationToken);
        await ExecuteAsync(connection, "SET LOCAL search_path = pg_catalog", cancellationToken);
        var sizes = await ReadListAsync(connection, StatisticsSql, r => new RelationStatistics(r.GetString(0), r.IsDBNull(1) ? null : r.GetInt64(1),
            r.GetInt64(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3), r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4)),
            cancellationToken);
        await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT wayli_migrate_statistics", cancellationToken);
        return sizes;
    }

    static async Task<List<T>> ReadListAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            list.Add(read(reader));
        return list;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
