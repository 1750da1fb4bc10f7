using Npgsql;
using NpgsqlTypes;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Infrastructure;

/// <summary>
/// What the infrastructure looks like in a database, item by item: Supabase's roles, the history table (its columns,
/// row-level security, privileges, policies) and <c>public.exec_sql</c> (its privileges and settings). Two readings,
/// before and after <c>bootstrap</c>, say exactly what it changed.
/// </summary>
public sealed class InfrastructureState
{
    const string Sql = """
        WITH t AS (SELECT to_regclass($1) AS oid), f AS (SELECT to_regprocedure('public.exec_sql(text)') AS oid)
        SELECT 'role ' || r, CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN 'exists' END
        FROM unnest(ARRAY['anon', 'authenticated', 'service_role']) r
        UNION ALL SELECT 'table ' || $2, CASE WHEN t.oid IS NOT NULL THEN 'exists' END FROM t
        UNION ALL SELECT 'column ' || a.attname, format_type(a.atttypid, a.atttypmod)
                  FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
        UNION ALL SELECT 'row-level security on ' || $2, CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END
                  FROM t JOIN pg_class c ON c.oid = t.oid
        UNION ALL SELECT 'privileges on ' || $2, (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(c.relacl) x)
                  FROM t JOIN pg_class c ON c.oid = t.oid
        UNION ALL SELECT 'policy ' || p.polname || ' on ' || $2, pg_get_expr(p.polqual, p.polrelid) || ' to '
                         || (SELECT string_agg(coalesce(pg_get_userbyid(x), 'public'), ',' ORDER BY 1) FROM unnest(p.polroles) x)
                  FROM t JOIN pg_policy p ON p.polrelid = t.oid
        UNION ALL SELECT 'function public.exec_sql(text)', CASE WHEN f.oid IS NOT NULL THEN 'exists' END FROM f
        UNION ALL SELECT 'privileges on public.exec_sql(text)', (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(p.proacl) x)
                  FROM f JOIN pg_proc p ON p.oid = f.oid
        UNION ALL SELECT 'settings of public.exec_sql(text)', concat_ws(' ', CASE WHEN p.prosecdef THEN 'security definer' END,
                         array_to_string(p.proconfig, ' '))
                  FROM f JOIN pg_proc p ON p.oid = f.oid
        """;

    readonly IReadOnlyDictionary<string, string?> _items;

    InfrastructureState(IReadOnlyDictionary<string, string?> items) => _items = items;

    /// <summary>Reads the state of <paramref name="table"/>'s infrastructure.</summary>
    public static async Task<InfrastructureState> ReadAsync(NpgsqlConnection connection, HistoryTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = table.Quoted, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = table.ToString(), NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            items[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        return new InfrastructureState(items);
    }

    /// <summary>What changed from this reading to <paramref name="after"/>, one line per item, in a stable order.</summary>
    public IReadOnlyList<string> ChangesTo(InfrastructureState after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        foreach (var item in _items.Keys.Union(after._items.Keys).Order(StringComparer.Ordinal))
        {
            var (before, now) = (_items.GetValueOrDefault(item), after._items.GetValueOrDefault(item));
            if (before == now)
                continue;
            changes.Add((before, now) switch
            {
                (null, "exists") => $"created {item}",
                (null, _) => $"{item}: set to {now}",
                (_, null) => $"{item}: removed (was {before})",
                _ => $"{item}: {before} → {now}",
            });
        }
        return changes;
    }
}
