using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Verification;

/// <summary>
/// Which objects a comparison of a database with its migrations looks at. By default: the schemas the migrations
/// create or change, and <c>public</c>, leaving out the schemas Supabase manages; or exactly the schemas the user
/// names. Never compared: the migration tool's own infrastructure (its history table, <c>public.exec_sql</c>), what
/// the platform manages (its publications, the default privileges of its roles), row data, and database settings.
/// </summary>
public sealed class DriftScope
{
    /// <summary>The schemas Supabase creates and manages, left out unless named.</summary>
    public static IReadOnlyList<string> PlatformSchemas { get; } =
    [
        "auth", "storage", "realtime", "extensions", "graphql", "graphql_public", "vault", "pgsodium", "pgsodium_masks",
        "supabase_functions", "supabase_migrations", "cron", "net", "pgbouncer", "_realtime", "_analytics",
    ];

    // The Supabase Realtime publications are the platform's; the tables a migration adds to one are compared.
    static readonly string[] PlatformPublications = ["supabase_realtime", "supabase_realtime_messages_publication"];

    // The platform's own roles, whose default privileges it sets itself.
    static readonly string[] PlatformRoles =
    [
        "supabase_admin", "supabase_auth_admin", "supabase_storage_admin", "supabase_realtime_admin", "supabase_replication_admin",
        "supabase_functions_admin", "supabase_read_only_user", "supabase_etl_admin", "dashboard_user", "pgbouncer", "authenticator",
        "pgsodium_keyholder", "pgsodium_keyiduser", "pgsodium_keymaker",
    ];

    // Data and settings, not schema: a drift check compares definitions only.
    static readonly string[] NotCompared = ["rows", "database setting"];

    static readonly string[] TableParts = ["column", "constraint", "index", "policy", "trigger", "rule"];

    readonly HashSet<string> _schemas;
    readonly string _historyTable;
    readonly HistoryTable _table;

    DriftScope(IEnumerable<string> schemas, HistoryTable table)
    {
        _schemas = new HashSet<string>(schemas, StringComparer.Ordinal);
        _table = table;
        _historyTable = Identifier(table.Schema) + "." + Identifier(table.Name);
    }

    /// <summary>The schemas compared, sorted.</summary>
    public IReadOnlyList<string> Schemas => [.. _schemas.Order(StringComparer.Ordinal)];

    /// <summary>
    /// The scope for a set of migrations: exactly <paramref name="named"/> when given; otherwise <c>public</c> and every
    /// schema an object of <paramref name="migrationChanges"/> lives in (what the migrations did to the prepared scratch
    /// database), except the platform's.
    /// </summary>
    /// <param name="named">The schemas the user named, or null (or empty) for the default.</param>
    /// <param name="migrationChanges">What applying the migrations changed on the scratch database.</param>
    /// <param name="table">The history table, which is never compared.</param>
    public static DriftScope For(IReadOnlyList<string>? named, SchemaDifference migrationChanges, HistoryTable table)
    {
        ArgumentNullException.ThrowIfNull(migrationChanges);
        ArgumentNullException.ThrowIfNull(table);
        if (named is { Count: > 0 })
            return new DriftScope(named, table);
        var touched = migrationChanges.Added.Concat(migrationChanges.Removed).Concat(migrationChanges.Changed.Select(c => c.After))
            .Select(o => o.Schema)
            .OfType<string>()
            .Where(s => s != "pg_catalog" && !PlatformSchemas.Contains(s, StringComparer.Ordinal));
        return new DriftScope(["public", .. touched], table);
    }

    /// <summary>The schemas fingerprints can skip altogether: the platform's, unless named.</summary>
    public static IReadOnlyList<string> SkippedSchemas(IReadOnlyList<string>? named) =>
        [.. PlatformSchemas.Where(s => named is null || !named.Contains(s, StringComparer.Ordinal))];

    /// <summary>True when the comparison looks at <paramref name="o"/>.</summary>
    public bool Includes(SchemaObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (NotCompared.Contains(o.Kind, StringComparer.Ordinal) || IsInfrastructure(o) || IsPlatforms(o))
            return false;
        // An extension in pg_catalog (plpgsql), a publication, default privileges for every schema: the whole database's.
        return o.Schema is null or "pg_catalog" || _schemas.Contains(o.Schema);
    }

    /// <summary>The history table, its columns, constraints, indexes and policy, and <c>public.exec_sql</c>.</summary>
    bool IsInfrastructure(SchemaObject o) =>
        o.Identity == _historyTable
        || (TableParts.Contains(o.Kind, StringComparer.Ordinal) && o.Identity.StartsWith(_historyTable + ".", StringComparison.Ordinal))
        || (o.Kind == "function" && o.Identity == "public.exec_sql(text)");

    /// <summary>True for the history table's schema when only the database has it (the tool created it there).</summary>
    internal bool IsInfrastructureSchema(SchemaObject o) => o.Kind == "schema" && o.Identity == Identifier(_table.Schema) && _table.Schema != "public";

    static bool IsPlatforms(SchemaObject o) => o.Kind switch
    {
        "publication" => PlatformPublications.Contains(o.Identity, StringComparer.Ordinal),
        "default privileges" => PlatformRoles.Any(r => o.Identity.StartsWith($"for {r} ", StringComparison.Ordinal)),
        _ => false,
    };

    // As PostgreSQL's quote_ident writes a name: bare when it is lower case letters, digits and _, else quoted.
    static string Identifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            ? name
            : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
