namespace Wayli.Migrate.Fingerprints;

/// <summary>
/// The catalog queries behind <see cref="SchemaFingerprint"/>: one per kind of object, each returning rows of
/// (kind, identity, definition, schema) as text; the schema is the one the object lives in (for a publication's table, the
/// table's; for an event trigger, its function's), or null for an object of the whole database (a publication). They run with <c>search_path = pg_catalog</c>, so every name the server
/// renders (<c>regclass</c>, <c>format_type</c>, <c>pg_get_*def</c>) is schema-qualified and no OID appears.
/// Those that filter by schema take one parameter, <c>$1</c>: the schema names to leave out.
/// </summary>
internal static class CatalogQueries
{
    /// <summary>Every query, in the order they run.</summary>
    public static IReadOnlyList<string> All =>
    [
        Schemas, Relations, Columns, Constraints, Indexes, Functions, Triggers, Policies, Rules, Types,
        Extensions, EventTriggers, Publications, PublicationTables, DefaultPrivileges, DatabaseSettings,
    ];

    /// <summary>The ordinary tables whose rows are counted and hashed: (identity, readable by us, schema).</summary>
    public static string Tables => $"""
        SELECT c.oid::regclass::text, has_table_privilege(c.oid, 'SELECT'), n.nspname::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """;

    // Temporary and TOAST schemas are per session or internal; the caller's list holds pg_catalog and the rest.
    const string UserSchema = "n.nspname <> ALL ($1) AND n.nspname !~ '^pg_(toast|temp_)'";

    // Objects created by an extension are defined by its version, which the extension's own row records.
    static string NotMember(string catalog, string oid) =>
        $"NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '{catalog}'::regclass AND e.objid = {oid} AND e.deptype = 'e')";

    // ACL entries sorted, because their order follows the order of the GRANTs, which says nothing about access.
    static string Privileges(string acl) =>
        $"'privileges ' || (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest({acl}) a)";

    static string Owner(string role) => $"'owner ' || quote_ident(pg_get_userbyid({role}))";

    static string Comment(string oid, string catalog) => $"'comment ' || quote_literal(obj_description({oid}, '{catalog}'))";

    static string Schemas => $"""
        SELECT 'schema', quote_ident(n.nspname),
               concat_ws('; ', {Owner("n.nspowner")}, {Privileges("coalesce(n.nspacl, acldefault('n', n.nspowner))")},
                         {Comment("n.oid", "pg_namespace")}),
               n.nspname::text
        FROM pg_namespace n
        WHERE {UserSchema} AND {NotMember("pg_namespace", "n.oid")}
        """;

    // Tables, views, sequences and foreign tables, with what ALTER TABLE can change on the relation itself. Column
    // order is here rather than on each column, so dropping one column changes one line, not every later column.
    static string Relations => $"""
        SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
                              WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'foreign table' END,
               c.oid::regclass::text,
               concat_ws('; ',
                   CASE WHEN c.relpersistence = 'u' THEN 'unlogged' END,
                   'columns (' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind <> 'S') || ')',
                   CASE WHEN c.relkind IN ('v', 'm') THEN 'query ' || pg_get_viewdef(c.oid) END,
                   'sequence ' || (SELECT format('%s start %s increment %s min %s max %s cache %s%s', s.seqtypid::regtype,
                                              s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
                                              CASE WHEN s.seqcycle THEN ' cycle' END)
                                   FROM pg_sequence s WHERE s.seqrelid = c.oid),
                   'owned by ' || (SELECT d.refobjid::regclass::text || '.' || quote_ident(a.attname)
                                   FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                                   WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                     AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1),
                   CASE WHEN c.relispartition THEN 'partition of ' ELSE 'inherits ' END
                       || (SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno)
                           FROM pg_inherits i WHERE i.inhrelid = c.oid),
                   'bound ' || pg_get_expr(c.relpartbound, c.oid),
                   'partition by ' || CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                   'server ' || (SELECT quote_ident(s.srvname) || coalesce(' options ' || f.ftoptions::text, '')
                                 FROM pg_foreign_table f JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE f.ftrelid = c.oid),
                   'access method ' || (SELECT am.amname FROM pg_am am WHERE am.oid = c.relam AND am.amname <> 'heap'),
                   CASE WHEN c.relrowsecurity THEN 'row level security' END,
                   CASE WHEN c.relforcerowsecurity THEN 'forced row level security' END,
                   'replica identity ' || CASE WHEN c.relkind IN ('r', 'p') THEN
                                              CASE c.relreplident WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full' WHEN 'i' THEN 'index' END END,
                   'options ' || (SELECT string_agg(o, ',' ORDER BY o) FROM unnest(c.reloptions) o),
                   {Owner("c.relowner")},
                   {Privileges("coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))")},
                   {Comment("c.oid", "pg_class")}),
               n.nspname::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """;

    static string Columns => $"""
        SELECT 'column', c.oid::regclass::text || '.' || quote_ident(a.attname),
               concat_ws(' ',
                   format_type(a.atttypid, a.atttypmod),
                   'COLLATE ' || CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END,
                   CASE WHEN a.attnotnull THEN 'NOT NULL' END,
                   CASE a.attidentity WHEN 'a' THEN 'GENERATED ALWAYS AS IDENTITY' WHEN 'd' THEN 'GENERATED BY DEFAULT AS IDENTITY' END,
                   CASE WHEN a.attgenerated = 's' THEN 'GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                        ELSE 'DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) END,
                   {Privileges("a.attacl")},
                   'comment ' || quote_literal(col_description(c.oid, a.attnum))),
               n.nspname::text
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """;

    static string Constraints => $"""
        SELECT 'constraint', c.oid::regclass::text || '.' || quote_ident(co.conname),
               concat_ws('; ', pg_get_constraintdef(co.oid), {Comment("co.oid", "pg_constraint")}),
               n.nspname::text
        FROM pg_constraint co
        JOIN pg_class c ON c.oid = co.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """;

    // An index that CREATE INDEX CONCURRENTLY left behind after a failure is invalid but still there.
    static string Indexes => $"""
        SELECT 'index', c.oid::regclass::text || '.' || quote_ident(ic.relname),
               concat_ws('; ', pg_get_indexdef(i.indexrelid),
                         CASE WHEN NOT i.indisvalid THEN 'INVALID' END,
                         CASE WHEN i.indisclustered THEN 'clustered' END,
                         CASE WHEN i.indisreplident THEN 'replica identity' END,
                         {Comment("ic.oid", "pg_class")}),
               n.nspname::text
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """;

    // pg_get_functiondef refuses aggregates, so they are described by their pg_aggregate row, whose OID-typed
    // columns are rendered by name instead.
    static string Functions => $"""
        SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
               p.oid::regprocedure::text,
               concat_ws(E'\n',
                   CASE WHEN p.prokind = 'a' THEN
                       (SELECT format('AGGREGATE %s stype %s mstype %s sortop %s', to_jsonb(g) - 'aggfnoid' - 'aggtranstype'
                                          - 'aggmtranstype' - 'aggsortop', g.aggtranstype::regtype, g.aggmtranstype::regtype,
                                      g.aggsortop::regoperator)
                        FROM pg_aggregate g WHERE g.aggfnoid = p.oid)
                   ELSE pg_get_functiondef(p.oid) END,
                   {Owner("p.proowner")},
                   {Privileges("coalesce(p.proacl, acldefault('f', p.proowner))")},
                   {Comment("p.oid", "pg_proc")}),
               n.nspname::text
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE {UserSchema} AND {NotMember("pg_proc", "p.oid")}
        """;

    // Internal triggers are the ones behind foreign keys; the constraint already covers them.
    static string Triggers => $"""
        SELECT 'trigger', c.oid::regclass::text || '.' || quote_ident(t.tgname),
               concat_ws('; ', pg_get_triggerdef(t.oid),
                         CASE t.tgenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled replica' WHEN 'A' THEN 'enabled always' END,
                         {Comment("t.oid", "pg_trigger")}),
               n.nspname::text
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal AND {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """;

    static string Policies => $"""
        SELECT 'policy', c.oid::regclass::text || '.' || quote_ident(p.polname),
               concat_ws('; ', concat_ws(' ',
                   CASE WHEN p.polpermissive THEN 'AS PERMISSIVE' ELSE 'AS RESTRICTIVE' END,
                   'FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                           WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                   'TO ' || (SELECT string_agg(r.name, ', ' ORDER BY r.name)
                             FROM (SELECT CASE WHEN o = 0 THEN 'public' ELSE quote_ident(pg_get_userbyid(o)) END
                                   FROM unnest(p.polroles) o) r(name)),
                   'USING (' || pg_get_expr(p.polqual, p.polrelid) || ')',
                   'WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')'),
                   {Comment("p.oid", "pg_policy")}),
               n.nspname::text
        FROM pg_policy p
        JOIN pg_class c ON c.oid = p.polrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """;

    // A view's own _RETURN rule is its query, which the relation already shows.
    static string Rules => $"""
        SELECT 'rule', c.oid::regclass::text || '.' || quote_ident(r.rulename),
               concat_ws('; ', pg_get_ruledef(r.oid), {Comment("r.oid", "pg_rewrite")}),
               n.nspname::text
        FROM pg_rewrite r
        JOIN pg_class c ON c.oid = r.ev_class
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE r.rulename <> '_RETURN' AND {UserSchema} AND {NotMember("pg_class", "c.oid")}
        """;

    // Types a user created: not the row types of tables, not the array and multirange types PostgreSQL makes itself.
    static string Types => $"""
        SELECT 'type', t.oid::regtype::text,
               concat_ws('; ',
                   CASE t.typtype
                       WHEN 'e' THEN 'enum (' || (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                                                  FROM pg_enum e WHERE e.enumtypid = t.oid) || ')'
                       WHEN 'd' THEN concat_ws(' ', 'domain over ' || format_type(t.typbasetype, t.typtypmod),
                                     'COLLATE ' || CASE WHEN t.typcollation <> b.typcollation THEN t.typcollation::regcollation::text END,
                                     CASE WHEN t.typnotnull THEN 'NOT NULL' END,
                                     'DEFAULT ' || pg_get_expr(t.typdefaultbin, 0),
                                     (SELECT string_agg('CONSTRAINT ' || quote_ident(co.conname) || ' ' || pg_get_constraintdef(co.oid),
                                                        ' ' ORDER BY co.conname)
                                      FROM pg_constraint co WHERE co.contypid = t.oid))
                       WHEN 'c' THEN 'composite (' || (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod),
                                                                         ', ' ORDER BY a.attnum)
                                                       FROM pg_attribute a
                                                       WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')'
                       WHEN 'r' THEN 'range of ' || (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid)
                       WHEN 'b' THEN format('base type input %s output %s', t.typinput, t.typoutput)
                       ELSE 'shell type'
                   END,
                   {Owner("t.typowner")},
                   {Privileges("coalesce(t.typacl, acldefault('T', t.typowner))")},
                   {Comment("t.oid", "pg_type")}),
               n.nspname::text
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_type b ON b.oid = t.typbasetype
        WHERE t.typtype <> 'm'
          AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
          AND NOT EXISTS (SELECT FROM pg_type el WHERE el.typarray = t.oid)
          AND {UserSchema} AND {NotMember("pg_type", "t.oid")}
        """;

    // Extensions live in one database but may sit in any schema, pg_catalog included (plpgsql), so all are listed.
    static string Extensions => $"""
        SELECT 'extension', quote_ident(x.extname),
               concat_ws('; ', 'version ' || x.extversion, 'schema ' || quote_ident(n.nspname), {Comment("x.oid", "pg_extension")}),
               n.nspname::text
        FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
        """;

    static string EventTriggers => $"""
        SELECT 'event trigger', quote_ident(t.evtname),
               concat_ws('; ',
                   concat_ws(' ', 'ON ' || t.evtevent,
                             'WHEN TAG IN (' || (SELECT string_agg(quote_literal(g), ', ' ORDER BY g) FROM unnest(t.evttags) g) || ')',
                             'EXECUTE FUNCTION ' || t.evtfoid::regprocedure::text),
                   CASE t.evtenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled replica' WHEN 'A' THEN 'enabled always' END,
                   {Owner("t.evtowner")},
                   {Comment("t.oid", "pg_event_trigger")}),
               (SELECT fn.nspname::text FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace WHERE f.oid = t.evtfoid)
        FROM pg_event_trigger t
        WHERE {NotMember("pg_event_trigger", "t.oid")}
        """;

    static string Publications => $"""
        SELECT 'publication', quote_ident(p.pubname),
               concat_ws('; ', CASE WHEN p.puballtables THEN 'FOR ALL TABLES' END,
                         'publish ' || concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                                                 CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END),
                         CASE WHEN p.pubviaroot THEN 'publish via partition root' END,
                         {Owner("p.pubowner")},
                         {Comment("p.oid", "pg_publication")}),
               NULL::text
        FROM pg_publication p
        """;

    // The view expands FOR ALL TABLES and FOR TABLES IN SCHEMA; its other columns (column lists and row filters,
    // PostgreSQL 15 and later) are names and expressions, so the row minus the key is taken as it is.
    const string PublicationTables = """
        SELECT 'publication table', quote_ident(t.pubname) || ' ' || quote_ident(t.schemaname) || '.' || quote_ident(t.tablename),
               (to_jsonb(t) - 'pubname' - 'schemaname' - 'tablename')::text,
               t.schemaname::text
        FROM pg_publication_tables t
        """;

    const string DefaultPrivileges = """
        SELECT 'default privileges',
               concat_ws(' ', 'for ' || quote_ident(pg_get_userbyid(d.defaclrole)), 'in ' || quote_ident(n.nspname),
                         'on ' || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                                        WHEN 'T' THEN 'types' ELSE 'schemas' END),
               coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(d.defaclacl) a), ''),
               n.nspname::text
        FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
        """;

    // ALTER DATABASE … SET (search_path above all) changes how every later migration's names resolve.
    const string DatabaseSettings = """
        SELECT 'database setting', coalesce('role ' || quote_ident(pg_get_userbyid(nullif(s.setrole, 0))), 'all roles'),
               (SELECT string_agg(o, ', ' ORDER BY o) FROM unnest(s.setconfig) o),
               NULL::text
        FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
        WHERE d.datname = current_database()
        """;
}
