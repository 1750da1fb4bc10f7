using Npgsql;

namespace Wayli.Migrate.Tests.Support;

/// <summary>A database of one test, with the queries tests use to look at it.</summary>
public sealed class TestDatabase(PostgresServer server, string name)
{
    /// <summary>The database's name.</summary>
    public string Name { get; } = name;

    /// <summary>A URL for it as the superuser (with the password).</summary>
    public string Url => server.Cluster.Url(Name);

    /// <summary>The superuser's password, to check that no output contains it.</summary>
    public string Password => server.Cluster.Password;

    /// <summary>Opens a connection as the superuser.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(server.Settings(Name).ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs one statement (or a script without parameters) as the superuser.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Runs a multi-statement script the way migrations are run, statement by statement in one transaction; again when it
    /// loses a race on the roles to another test's script (the shims alter the same roles).
    /// </summary>
    public async Task RunScriptAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await Wayli.Migrate.Connections.ScriptRunner.RunInTransactionRetryingRacesAsync(connection, sql, CancellationToken.None);
    }

    /// <summary>The first column of the first row.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>True when the relation exists.</summary>
    public Task<bool> ExistsAsync(string qualifiedName) => ScalarAsync<bool>($"SELECT to_regclass('{qualifiedName}') IS NOT NULL");

    /// <summary>Every history row as text, ordered, for before/after comparisons that must be exact.</summary>
    public async Task<string> HistorySnapshotAsync(string table = "public.database_migrations")
    {
        if (!await ExistsAsync(table))
            return "(no history table)";
        return await ScalarAsync<string>($"SELECT coalesce(string_agg(h::text, E'\\n' ORDER BY version), '') FROM {table} h");
    }

    /// <summary>The history rows' versions and success flags, ordered by version.</summary>
    public async Task<List<(string Version, bool Success, string? Error, string Checksum, int? Ms)>> HistoryAsync(string table = "public.database_migrations")
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT version, success, error_message, checksum, execution_time_ms FROM {table} ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, bool, string?, string, int?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4)));
        }
        return rows;
    }

    /// <summary>
    /// A fingerprint of everything a run could change: the user schemas' relations, functions and policies, plus the
    /// history rows. Two equal fingerprints mean the run left the database as it was.
    /// </summary>
    public async Task<string> FingerprintAsync()
    {
        const string Sql = """
            SELECT concat_ws(E'\n',
              (SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' ORDER BY n.nspname, c.relname)
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')),
              (SELECT string_agg(p.oid::regprocedure::text, ',' ORDER BY p.oid::regprocedure::text)
                 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')),
              (SELECT string_agg(polname, ',' ORDER BY polname) FROM pg_policy))
            """;
        return await ScalarAsync<string>(Sql) + "\n" + await HistorySnapshotAsync();
    }

    /// <summary>
    /// The next transaction id the server will hand out. Reading it assigns none, so an unchanged value after a
    /// run proves the run wrote nothing.
    /// </summary>
    public Task<string> NextTransactionIdAsync() => ScalarAsync<string>("SELECT pg_snapshot_xmax(pg_current_snapshot())::text");
}
