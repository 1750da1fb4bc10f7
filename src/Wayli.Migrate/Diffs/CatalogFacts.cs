using System.Data;
using System.Text.Json;
using Npgsql;

namespace Wayli.Migrate.Diffs;

/// <summary>
/// What <c>diff</c> needs to write SQL for an object, read from PostgreSQL's catalogs as structured facts (one JSON
/// object per object, keyed by the same kind and identity as the schema fingerprint): a column's type, default and
/// nullability; a policy's command, roles and expressions; the server's own definitions of indexes, constraints,
/// triggers, views and functions (<c>pg_get_*def</c>); owners, privileges and comments. Read in one read-only
/// transaction with <c>search_path = pg_catalog</c>, so every name is schema-qualified.
/// </summary>
internal sealed class CatalogFacts
{
    const string UserSchema = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'";

    static string NotMember(string catalog, string oid) =>
        $"NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '{catalog}'::regclass AND e.objid = {oid} AND e.deptype = 'e')";

    static string Acl(string acl) => $"(SELECT jsonb_agg(a::text ORDER BY a::text) FROM unnest({acl}) a)";

    static string Owner(string role) => $"quote_ident(pg_get_userbyid({role}))";

    static readonly string[] Queries =
    [
        $"""
        SELECT 'schema', quote_ident(n.nspname), jsonb_build_object('name', quote_ident(n.nspname), 'owner', {Owner("n.nspowner")},
               'acl', {Acl("coalesce(n.nspacl, acldefault('n', n.nspowner))")}, 'comment', obj_description(n.oid, 'pg_namespace'))
        FROM pg_namespace n WHERE {UserSchema} AND {NotMember("pg_namespace", "n.oid")}
        """,
        $"""
        SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
                              WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'foreign table' END,
               c.oid::regclass::text,
               jsonb_build_object('name', c.oid::regclass::text, 'owner', {Owner("c.relowner")},
                   'acl', {Acl("coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))")},
                   'comment', obj_description(c.oid, 'pg_class'), 'rls', c.relrowsecurity, 'force', c.relforcerowsecurity,
                   'replica', CASE c.relreplident WHEN 'd' THEN 'DEFAULT' WHEN 'n' THEN 'NOTHING' WHEN 'f' THEN 'FULL' ELSE 'index' END,
                   'plain', c.relpersistence = 'p' AND NOT c.relispartition AND c.reloptions IS NULL
                            AND NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.oid) AND c.relkind IN ('r', 'v', 'm', 'S'),
                   'query', CASE WHEN c.relkind IN ('v', 'm') THEN rtrim(pg_get_viewdef(c.oid), '; ') END,
                   'columns', (SELECT jsonb_agg(quote_ident(a.attname) ORDER BY a.attnum) FROM pg_attribute a
                               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind <> 'S'),
                   'sequence', (SELECT jsonb_build_object('type', format_type(s.seqtypid, NULL), 'start', s.seqstart, 'increment', s.seqincrement,
                                                          'min', s.seqmin, 'max', s.seqmax, 'cache', s.seqcache, 'cycle', s.seqcycle)
                                FROM pg_sequence s WHERE s.seqrelid = c.oid),
                   'ownedBy', (SELECT d.refobjid::regclass::text || '.' || quote_ident(a.attname)
                               FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                               WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                 AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1),
                   'identity', EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i'))
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """,
        $"""
        SELECT 'column', c.oid::regclass::text || '.' || quote_ident(a.attname),
               jsonb_build_object('table', c.oid::regclass::text, 'relkind', c.relkind::text, 'name', quote_ident(a.attname),
                   'type', format_type(a.atttypid, a.atttypmod),
                   'collation', CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END,
                   'notNull', a.attnotnull,
                   'identity', CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END,
                   'generated', CASE WHEN a.attgenerated = 's' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   'acl', {Acl("a.attacl")}, 'comment', col_description(c.oid, a.attnum))
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """,
        $"""
        SELECT 'constraint', c.oid::regclass::text || '.' || quote_ident(co.conname),
               jsonb_build_object('table', c.oid::regclass::text, 'name', quote_ident(co.conname), 'def', pg_get_constraintdef(co.oid),
                   'type', co.contype::text, 'comment', obj_description(co.oid, 'pg_constraint'),
                   'columns', (SELECT jsonb_agg(quote_ident(a.attname)) FROM pg_attribute a WHERE a.attrelid = co.conrelid AND a.attnum = ANY (co.conkey)),
                   'refTable', CASE WHEN co.confrelid <> 0 THEN co.confrelid::regclass::text END,
                   'refColumns', (SELECT jsonb_agg(quote_ident(a.attname)) FROM pg_attribute a WHERE a.attrelid = co.confrelid AND a.attnum = ANY (co.confkey)))
        FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """,
        $"""
        SELECT 'index', c.oid::regclass::text || '.' || quote_ident(ic.relname),
               jsonb_build_object('table', c.oid::regclass::text, 'name', quote_ident(n.nspname) || '.' || quote_ident(ic.relname),
                   'def', pg_get_indexdef(i.indexrelid),
                   'constraint', EXISTS (SELECT FROM pg_constraint co WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x')),
                   'comment', obj_description(ic.oid, 'pg_class'))
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """,
        $"""
        SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END, p.oid::regprocedure::text,
               jsonb_build_object('name', p.oid::regprocedure::text, 'def', CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,
                   'owner', {Owner("p.proowner")}, 'acl', {Acl("coalesce(p.proacl, acldefault('f', p.proowner))")},
                   'comment', obj_description(p.oid, 'pg_proc'))
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE {UserSchema} AND {NotMember("pg_proc", "p.oid")}
        """,
        $"""
        SELECT 'trigger', c.oid::regclass::text || '.' || quote_ident(t.tgname),
               jsonb_build_object('table', c.oid::regclass::text, 'name', quote_ident(t.tgname), 'def', pg_get_triggerdef(t.oid),
                   'enabled', t.tgenabled::text, 'constraint', t.tgconstraint <> 0, 'comment', obj_description(t.oid, 'pg_trigger'))
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal AND {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """,
        $"""
        SELECT 'policy', c.oid::regclass::text || '.' || quote_ident(p.polname),
               jsonb_build_object('table', c.oid::regclass::text, 'name', quote_ident(p.polname), 'permissive', p.polpermissive,
                   'cmd', CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                   'roles', (SELECT jsonb_agg(r ORDER BY r) FROM (SELECT CASE WHEN o = 0 THEN 'public' ELSE quote_ident(pg_get_userbyid(o)) END
                                                                 FROM unnest(p.polroles) o) x(r)),
                   'using', pg_get_expr(p.polqual, p.polrelid), 'check', pg_get_expr(p.polwithcheck, p.polrelid),
                   'comment', obj_description(p.oid, 'pg_policy'))
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """,
        $"""
        SELECT 'type', t.oid::regtype::text,
               jsonb_build_object('name', t.oid::regtype::text, 'typtype', t.typtype::text, 'owner', {Owner("t.typowner")},
                   'acl', {Acl("coalesce(t.typacl, acldefault('T', t.typowner))")}, 'comment', obj_description(t.oid, 'pg_type'),
                   'labels', (SELECT jsonb_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype <> 'm' AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
          AND NOT EXISTS (SELECT FROM pg_type el WHERE el.typarray = t.oid) AND {UserSchema} AND {NotMember("pg_type", "t.oid")}
        """,
        """
        SELECT 'extension', quote_ident(x.extname),
               jsonb_build_object('name', quote_ident(x.extname), 'schema', quote_ident(n.nspname), 'version', x.extversion,
                   'comment', obj_description(x.oid, 'pg_extension'))
        FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
        """,
    ];

    readonly Dictionary<(string Kind, string Identity), JsonElement> _facts;

    CatalogFacts(Dictionary<(string, string), JsonElement> facts, int serverVersion) => (_facts, ServerVersion) = (facts, serverVersion);

    /// <summary>The server's version as a number (<c>server_version_num</c>, such as 170002), for the SQL only newer versions accept.</summary>
    public int ServerVersion { get; }

    /// <summary>The facts of one object, or null when the database has no such object.</summary>
    public JsonElement? Find(string kind, string identity) => _facts.TryGetValue((kind, identity), out var facts) ? facts : null;

    /// <summary>Every object of <paramref name="kind"/>, by identity.</summary>
    public IEnumerable<(string Identity, JsonElement Facts)> All(string kind) =>
        _facts.Where(f => f.Key.Kind == kind).Select(f => (f.Key.Identity, f.Value));

    /// <summary>Reads every object's facts in one read-only transaction.</summary>
    public static async Task<CatalogFacts> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var facts = new Dictionary<(string, string), JsonElement>();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand("SET TRANSACTION READ ONLY"), new NpgsqlBatchCommand("SET LOCAL search_path = pg_catalog") },
        };
        foreach (var sql in Queries)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    using var document = JsonDocument.Parse(reader.GetString(2));
                    facts[(reader.GetString(0), reader.GetString(1))] = document.RootElement.Clone();
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        await transaction.RollbackAsync(cancellationToken);
        return new CatalogFacts(facts, connection.PostgreSqlVersion.Major * 10000);
    }
}
