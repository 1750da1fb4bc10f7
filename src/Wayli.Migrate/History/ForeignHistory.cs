using Npgsql;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.History;

/// <summary>
/// Reads the history tables of other tools, so a team switching to Wayli Migrate applies nothing twice:
/// the Supabase CLI (<c>supabase_migrations.schema_migrations</c>), Flyway (<c>flyway_schema_history</c>), goose
/// (<c>goose_db_version</c>), golang-migrate (<c>schema_migrations</c> with its <c>dirty</c> flag), dbmate
/// (<c>schema_migrations</c>) and the original TypeScript service (<c>public.database_migrations</c>).
/// </summary>
public static class ForeignHistory
{
    /// <summary>The tools <c>adopt --from</c> knows.</summary>
    public static readonly IReadOnlyList<string> Sources = ["supabase", "flyway", "database_migrations", "goose", "golang-migrate", "dbmate"];

    /// <summary>The migrations <paramref name="source"/> recorded as applied, in its order.</summary>
    /// <param name="connection">The database.</param>
    /// <param name="source">One of <see cref="Sources"/>.</param>
    /// <param name="schema">Where Flyway's table lives (its default is the connection's first schema: public).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="table">The tool's table when it is not the default (<c>schema.table</c> or <c>table</c>), for Flyway, goose, golang-migrate and dbmate.</param>
    /// <exception cref="MigrateException">The source or table name is not valid (<see cref="FailureKind.Usage"/>), its table is missing, or
    /// golang-migrate left it dirty (<see cref="FailureKind.Validation"/>).</exception>
    public static async Task<IReadOnlyList<ForeignMigration>> ReadAsync(NpgsqlConnection connection, string source, string schema, CancellationToken cancellationToken,
        string? table = null)
    {
        if (schema.Length == 0 || !schema.All(IsNameCharacter))
            throw new MigrateException(FailureKind.Usage, $"the schema '{schema}' must be letters, digits and underscores");
        var (name, sql) = Query(source, Table(source, schema, table));
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{name.Replace("'", "''", StringComparison.Ordinal)}') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
                throw new MigrateException(FailureKind.Validation, $"{name} does not exist in this database: nothing to adopt from {source}");
        }
        if (source == "golang-migrate")
            return await GolangMigrateAsync(connection, name, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ForeignMigration>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new ForeignMigration(reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    /// <summary>
    /// The repeatable migrations Flyway applied, each with the checksum of its latest successful application (a changed
    /// file is one Flyway would apply again).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int?>> ReadFlywayRepeatablesAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken,
        string? table = null)
    {
        var name = Table("flyway", schema, table);
        await using var command = new NpgsqlCommand($"""
            SELECT DISTINCT ON (script) script::text, checksum FROM {name}
             WHERE version IS NULL AND type = 'SQL' AND success ORDER BY script, installed_rank DESC
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var scripts = new Dictionary<string, int?>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            scripts[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetInt32(1);
        return scripts;
    }

    /// <summary>The tool's table: the one named, or its default.</summary>
    static string Table(string source, string schema, string? table)
    {
        if (table is not null)
        {
            var parts = table.Split('.');
            if (parts.Length > 2 || parts.Any(p => p.Length == 0 || !p.All(IsNameCharacter)))
                throw new MigrateException(FailureKind.Usage, $"the table '{table}' must be a name or schema.name of letters, digits and underscores");
            return string.Join('.', parts.Select(p => $"\"{p}\""));
        }
        return source switch
        {
            "flyway" => $"\"{schema}\".flyway_schema_history",
            "goose" => "goose_db_version",
            "golang-migrate" or "dbmate" => "schema_migrations",
            _ => "",
        };
    }

    static (string Name, string Sql) Query(string source, string table) => source switch
    {
        "supabase" => ("supabase_migrations.schema_migrations",
            "SELECT version::text, coalesce(name::text, '') FROM supabase_migrations.schema_migrations ORDER BY version"),
        // Flyway writes one row per attempt; only successful versioned migrations count (not repeatables, not undo).
        "flyway" => (table, $"SELECT version::text, coalesce(script::text, description::text, '') FROM {table} "
            + "WHERE success AND version IS NOT NULL AND type NOT IN ('UNDO_SQL', 'DELETE') ORDER BY installed_rank"),
        // The original service's table has neither success nor reverted; this tool's own table (adopted into another
        // --schema/--table) has both: read through to_jsonb, so either shape works and only applied rows count.
        "database_migrations" => ("public.database_migrations", """
            SELECT version::text, name::text FROM public.database_migrations h
             WHERE coalesce((to_jsonb(h) ->> 'success')::boolean, true) AND NOT coalesce((to_jsonb(h) ->> 'reverted')::boolean, false)
             ORDER BY version
            """),
        // goose writes a row for every up (is_applied) and every down (not): a version's newest row says where it stands.
        "goose" => (table, $"""
            SELECT version_id::text, '' FROM (SELECT DISTINCT ON (version_id) version_id, is_applied FROM {table} ORDER BY version_id, id DESC) newest
             WHERE is_applied AND version_id > 0 ORDER BY version_id
            """),
        "golang-migrate" => (table, ""),
        "dbmate" => (table, $"SELECT version::text, '' FROM {table} ORDER BY version"),
        _ => throw new MigrateException(FailureKind.Usage, $"adopt --from must be one of: {string.Join(", ", Sources)}"),
    };

    /// <summary>
    /// golang-migrate keeps one row: the newest applied version, and whether its migration stopped part-way (dirty).
    /// Every earlier version is applied too. A dirty database is refused: nobody knows what that migration left.
    /// </summary>
    static async Task<IReadOnlyList<ForeignMigration>> GolangMigrateAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT version::text, dirty FROM {table}", connection);
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedColumn)
        {
            throw new MigrateException(FailureKind.Validation,
                $"{table} has no version and dirty columns: it is not golang-migrate's table (dbmate's is called schema_migrations too: adopt --from dbmate)", e);
        }
        await using (reader)
        {
            if (!await reader.ReadAsync(cancellationToken))
                return [];
            var (version, dirty) = (reader.GetString(0), reader.GetBoolean(1));
            if (dirty)
            {
                throw new MigrateException(FailureKind.Validation,
                    $"golang-migrate marked version {version} dirty in {table}: its migration failed part-way, and nobody knows what it left. "
                    + $"Check what the up file of {version} did against the database, finish or undo it by hand, then mark it clean "
                    + $"(migrate force {version}, or the version before it if you undid it) and run adopt again; nothing was recorded");
            }
            return [new ForeignMigration(version, "", Through: true)];
        }
    }

    static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
