using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.History;

/// <summary>
/// The one place that knows the history table's SQL: inspecting it, reading it, and writing rows.
/// </summary>
/// <param name="table">The history table's name.</param>
public sealed class HistoryStore(HistoryTable table)
{
    /// <summary>The table this store reads and writes.</summary>
    public HistoryTable Table { get; } = table;

    // success, installed_by, tool_version, recorded_by, statement_checksum, reverted, reverted_at, reverted_by, a
    // checksum wide enough for SHA-256, a version of any length.
    const int CurrentColumns = 10;

    /// <summary>Finds out whether the table exists and has every column this version uses.</summary>
    public async Task<HistoryShape> InspectAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InspectSql, connection);
        command.Parameters.Add(TableParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadShapeAsync(reader, cancellationToken);
    }

    /// <summary>
    /// Adds to <paramref name="batch"/> the inspection of the table and, when <paramref name="readRows"/>, the reading of
    /// its rows, sent in case the table is current (when it is not, that read fails harmlessly and the rows stay unread).
    /// What <see cref="InspectAsync"/> and <see cref="ReadAsync"/> give, in the batch's one round trip.
    /// </summary>
    internal HistoryRead AddTo(QueryBatch batch, bool readRows)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var result = new HistoryRead();
        var inspect = new NpgsqlBatchCommand(InspectSql);
        inspect.Parameters.Add(TableParameter());
        batch.Add(inspect, async (reader, cancellationToken) => result.Shape = await ReadShapeAsync(reader, cancellationToken));
        if (readRows)
        {
            // Read only from a table the inspection found current: another tool's table could hold other types.
            batch.AddHopeful(new NpgsqlBatchCommand(SelectSql(columns: null)), async (reader, cancellationToken) =>
                result.Rows = result.Shape == HistoryShape.Current ? await ReadRowsAsync(reader, cancellationToken) : null,
                e => e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn);
        }
        return result;
    }

    const string InspectSql = """
        SELECT c.oid IS NOT NULL,
               (SELECT count(*) FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND NOT a.attisdropped
                   AND (a.attname IN ('success', 'installed_by', 'tool_version', 'recorded_by', 'statement_checksum',
                                      'reverted', 'reverted_at', 'reverted_by')
                        OR (a.attname = 'checksum' AND (a.atttypmod < 0 OR a.atttypmod >= 64 + 4))
                        OR (a.attname = 'version' AND a.atttypmod < 0))),
               (SELECT count(*) FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND NOT a.attisdropped AND a.attname IN ('version', 'name', 'checksum')
                   AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)),
               (SELECT count(*) FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND NOT a.atthasdef
                   AND a.attname NOT IN ('version', 'name', 'checksum', 'applied_at', 'execution_time_ms', 'error_message',
                                         'success', 'installed_by', 'tool_version', 'recorded_by', 'statement_checksum',
                                         'reverted'))
        FROM (SELECT to_regclass($1) AS oid) c
        """;

    NpgsqlParameter TableParameter() => new() { Value = Table.Quoted, NpgsqlDbType = NpgsqlDbType.Text };

    static async Task<HistoryShape> ReadShapeAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        if (!reader.GetBoolean(0))
            return HistoryShape.Missing;
        // Another tool's table of the same name: never "upgrade" it, never write to it.
        if (reader.GetInt64(2) != 3 || reader.GetInt64(3) > 0)
            return HistoryShape.Incompatible;
        return reader.GetInt64(1) == CurrentColumns ? HistoryShape.Current : HistoryShape.NeedsUpgrade;
    }

    /// <summary>Reads every row, in no particular order (the planner orders by version).</summary>
    /// <remarks>
    /// A table not yet upgraded (the original service's) lacks some columns; they read as their defaults, so a dry run
    /// can show the history without upgrading anything.
    /// </remarks>
    /// <param name="connection">The connection to read on.</param>
    /// <param name="shape">What <see cref="InspectAsync"/> found: a current table is read without looking up its columns.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<AppliedMigration>> ReadAsync(NpgsqlConnection connection, HistoryShape shape, CancellationToken cancellationToken)
    {
        var columns = shape == HistoryShape.Current ? null : await ColumnsAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand(SelectSql(columns), connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadRowsAsync(reader, cancellationToken);
    }

    /// <summary>The query of every row; columns not in <paramref name="columns"/> read as their defaults (all there when null).</summary>
    string SelectSql(HashSet<string>? columns)
    {
        string Column(string name, string fallback) => columns is null || columns.Contains(name) ? name : fallback;
        return $"""
            SELECT version::text, name::text, checksum::text, applied_at, execution_time_ms, error_message,
                   {Column("success", "true")}, {Column("installed_by", "NULL::text")},
                   {Column("tool_version", "NULL::text")}, {Column("recorded_by", "NULL::text")},
                   {Column("statement_checksum", "NULL::text")},
                   {Column("reverted", "false")}, {Column("reverted_at", "NULL::timestamptz")}, {Column("reverted_by", "NULL::text")}
            FROM {Table.Quoted}
            """;
    }

    static async Task<IReadOnlyList<AppliedMigration>> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<AppliedMigration>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AppliedMigration(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetBoolean(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetBoolean(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                reader.IsDBNull(13) ? null : reader.GetString(13)));
        }
        return rows;
    }

    async Task<HashSet<string>> ColumnsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT attname::text FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped", connection);
        command.Parameters.Add(TableParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            columns.Add(reader.GetString(0));
        return columns;
    }

    // The INSERT texts made so far, by outcome and conflict clause (a store may serve parallel targets).
    readonly ConcurrentDictionary<(string Outcome, string? OnConflict), string> _insertTexts = new();

    // A success's execution_time_ms, error_message and success: the time since the transaction began (the migration's
    // own transaction), or the caller's ($6). Constants, so that finding the shared INSERT text allocates nothing.
    const string SucceededTimedByServer = "round(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer, NULL, true";
    const string SucceededTimedByCaller = "$6, NULL, true";

    // Every row is written by one INSERT: the columns in this order, the values from the caller.
    const string Columns = "version, name, checksum, statement_checksum, applied_at, execution_time_ms, error_message, success, installed_by, tool_version, recorded_by";

    // An attempt's row replaces the earlier attempt's, whole; the audit of an earlier revert (when, by whom) stays.
    const string ReplaceAttempt = """
        ON CONFLICT (version) DO UPDATE SET
            (name, checksum, statement_checksum, applied_at, execution_time_ms, error_message, success, installed_by, tool_version, recorded_by, reverted) =
            (excluded.name, excluded.checksum, excluded.statement_checksum, excluded.applied_at, excluded.execution_time_ms, excluded.error_message,
             excluded.success, excluded.installed_by, excluded.tool_version, excluded.recorded_by, false)
        """;

    /// <summary>
    /// The statement that records a successful migration, meant to run inside the migration's own transaction
    /// (so the row and the change commit together). Its execution time is measured by the server, from the
    /// start of the transaction to this statement, so it needs no second round trip. For a down part
    /// (<see cref="MigrationDirection.Down"/>) it is the audit of the revert instead (<see cref="RecordRevert"/>).
    /// </summary>
    /// <param name="migration">The migration, or its down part.</param>
    /// <param name="versionText">The version as it is (or will be) stored.</param>
    /// <param name="executionTimeMs">The time measured by the caller, for a migration that did not run in this
    /// statement's transaction; null to let the server measure from the transaction's start.</param>
    public NpgsqlBatchCommand RecordSuccess(Migration migration, string versionText, int? executionTimeMs = null)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (migration.Direction == MigrationDirection.Down)
            return RecordRevert(versionText);
        var command = Insert(versionText, migration, "migrate", executionTimeMs is null ? SucceededTimedByServer : SucceededTimedByCaller, ReplaceAttempt);
        if (executionTimeMs is { } ms)
            command.Parameters.Add(new NpgsqlParameter { Value = ms, NpgsqlDbType = NpgsqlDbType.Integer });
        return command;
    }

    /// <summary>
    /// The statement that records a revert, meant to run inside the transaction of the down part (so the revert and its
    /// record commit together): the row stays, marked reverted, with when and by whom, and <c>migrate</c> counts the
    /// migration as pending again.
    /// </summary>
    /// <param name="versionText">The version as it is stored.</param>
    public NpgsqlBatchCommand RecordRevert(string versionText)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE {Table.Quoted}
               SET reverted = true, reverted_at = now(), reverted_by = session_user, tool_version = '{ToolVersion.Current}', recorded_by = 'down'
             WHERE version = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = versionText, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }

    /// <summary>
    /// Records a failed attempt in a transaction of its own (the migration's transaction was rolled back), so the
    /// failure and its message survive. A later run retries the migration and overwrites this row; a row that says
    /// the migration is applied is never overwritten by a failure (a reverted one is: it is pending again).
    /// </summary>
    public async Task RecordFailureAsync(NpgsqlConnection connection, Migration migration, string versionText,
        string errorMessage, int executionTimeMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migration);
        var command = Insert(versionText, migration, "migrate", "$6, $7, false", ReplaceAttempt + " WHERE NOT h.success OR h.reverted");
        command.Parameters.Add(new NpgsqlParameter { Value = executionTimeMs, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = errorMessage, NpgsqlDbType = NpgsqlDbType.Text });
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { command } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Makes the edits of a maintenance command (baseline, repair, adopt) in one transaction, so either all of them
    /// happen or none. Each written row notes the command in <c>recorded_by</c> and the tool's version.
    /// </summary>
    public async Task ApplyChangesAsync(NpgsqlConnection connection, IReadOnlyList<HistoryChange> changes, string recordedBy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await Connections.ScriptRunner.RunInTransactionAsync(connection, changes.Select(c => Command(c, recordedBy)), cancellationToken);
    }

    NpgsqlBatchCommand Command(HistoryChange change, string recordedBy)
    {
        switch (change.Kind)
        {
            case HistoryChangeKind.RecordApplied:
                return Insert(change.VersionText, change.Migration!, recordedBy, "NULL, NULL, true", onConflict: null, change.Description);
            case HistoryChangeKind.RealignChecksum:
                var update = new NpgsqlBatchCommand(
                    $"UPDATE {Table.Quoted} SET checksum = $2, statement_checksum = $3, tool_version = '{ToolVersion.Current}', recorded_by = $4 WHERE version = $1");
                var migration = change.Migration!;
                foreach (var value in (string[])[change.VersionText, migration.Checksum, migration.ReadStatementChecksum(), recordedBy + ": checksum realigned"])
                    update.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Text });
                return update;
            default:
                var delete = new NpgsqlBatchCommand($"DELETE FROM {Table.Quoted} WHERE version = $1");
                delete.Parameters.Add(new NpgsqlParameter { Value = change.VersionText, NpgsqlDbType = NpgsqlDbType.Text });
                return delete;
        }
    }

    /// <summary>
    /// The one INSERT of a history row: version, name, checksum, the recording command and the statement checksum as
    /// parameters $1–$5, the time now, the user of the session, this tool's version; <paramref name="outcome"/> gives
    /// execution_time_ms, error_message and success (further parameters from $6 are the caller's to add).
    /// </summary>
    /// <param name="version">The version as stored.</param>
    /// <param name="migration">The file the row records (its statement checksum is read if this run has not yet).</param>
    /// <param name="recordedBy">The command that writes the row.</param>
    /// <param name="outcome">SQL for execution_time_ms, error_message and success.</param>
    /// <param name="onConflict">What to do when the version has a row already; null to fail.</param>
    /// <param name="name">The name to record, when not the file's description.</param>
    NpgsqlBatchCommand Insert(string version, Migration migration, string recordedBy, string outcome, string? onConflict, string? name = null)
    {
        // One text per kind of row, shared by every command: a pipeline holds a history INSERT per migration, and the
        // text is longer than most migrations.
        var text = _insertTexts.GetOrAdd((outcome, onConflict), key => $"""
            INSERT INTO {Table.Quoted} AS h ({Columns})
            VALUES ($1, $2, $3, $5, now(), {key.Outcome}, session_user, '{ToolVersion.Current}', $4)
            {key.OnConflict}
            """);
        var command = new NpgsqlBatchCommand(text);
        foreach (var value in (string[])[version, name ?? migration.Description, migration.Checksum, recordedBy, migration.ReadStatementChecksum()])
            command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }
}
