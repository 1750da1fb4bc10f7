using Npgsql;
using Wayli.Migrate.Connections;

namespace Wayli.Migrate.Replay;

/// <summary>
/// The objects of a server that belong to no database (roles, tablespaces, databases) as they were before a replay,
/// so the ones the replay created can be dropped afterwards and the ones it changed reported: a scratch database on a
/// named server must leave that server as it found it.
/// </summary>
internal sealed class ClusterObjects
{
    // One line per object: kind, name, and for roles everything ALTER ROLE can change.
    const string Sql = """
        SELECT 'role', rolname, concat_ws(' ', rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
               rolbypassrls, rolconnlimit, rolvaliduntil,
               (SELECT string_agg(s.setconfig::text, ';') FROM pg_db_role_setting s WHERE s.setrole = r.oid))
        FROM pg_roles r
        UNION ALL SELECT 'tablespace', spcname, '' FROM pg_tablespace
        UNION ALL SELECT 'database', datname, '' FROM pg_database
        """;

    readonly Dictionary<(string Kind, string Name), string> _objects;

    ClusterObjects(Dictionary<(string Kind, string Name), string> objects) => _objects = objects;

    /// <summary>Reads the server's roles, tablespaces and databases.</summary>
    public static async Task<ClusterObjects> ReadAsync(ConnectionSettings server, CancellationToken cancellationToken)
    {
        await using var connection = await DatabaseConnector.OpenAsync(server, null, cancellationToken);
        return new ClusterObjects(await ReadAsync(connection, cancellationToken));
    }

    /// <summary>
    /// Drops what was created since (databases, then tablespaces, then roles) and names what was changed; returns one
    /// line per object for the report. An object that appeared but whose name the replayed SQL never mentions was made
    /// by someone else meanwhile, and is left alone.
    /// </summary>
    /// <param name="connection">A connection to the server (not to the scratch database, which is gone).</param>
    /// <param name="server">The server, named for the report.</param>
    /// <param name="mentioned">True when the replayed SQL mentions a name.</param>
    public async Task<IReadOnlyList<CleanupNote>> RestoreAsync(NpgsqlConnection connection, string server, Func<string, bool> mentioned)
    {
        var now = await ReadAsync(connection, CancellationToken.None);
        var notes = new List<CleanupNote>();
        foreach (var kind in (string[])["database", "tablespace", "role"])
        {
            foreach (var name in now.Keys.Where(o => o.Kind == kind && !_objects.ContainsKey(o)).Select(o => o.Name).Order(StringComparer.Ordinal))
            {
                notes.Add(mentioned(name)
                    ? await DropAsync(connection, kind, name, server)
                    : new CleanupNote($"{kind} {name} appeared on {server} during the run, but the migrations do not name it: left alone", false));
            }
        }
        foreach (var ((kind, name), definition) in now.Where(o => _objects.TryGetValue(o.Key, out var before) && before != o.Value))
            notes.Add(new CleanupNote($"the migrations changed {kind} {name} on {server} (a server-wide object); it was left as they changed it", false));
        return notes;
    }

    static async Task<CleanupNote> DropAsync(NpgsqlConnection connection, string kind, string name, string server)
    {
        var sql = kind == "database" ? $"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)" : $"DROP {kind.ToUpperInvariant()} IF EXISTS {Quote(name)}";
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
            return new CleanupNote($"dropped {kind} {name}, which the migrations created on {server}", false);
        }
        catch (PostgresException e)
        {
            // Most often the object is in use in another database (another run on that server made the same one).
            return new CleanupNote($"could not drop {kind} {name}, which appeared on {server} during the run: {e.MessageText}; "
                + "it is left as it is (drop it by hand if nothing else uses it)", false);
        }
    }

    static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    static async Task<Dictionary<(string Kind, string Name), string>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var objects = new Dictionary<(string Kind, string Name), string>();
        while (await reader.ReadAsync(cancellationToken))
            objects[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
        return objects;
    }
}
