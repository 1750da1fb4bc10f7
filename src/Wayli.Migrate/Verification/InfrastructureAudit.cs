using Npgsql;
using NpgsqlTypes;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Verification;

/// <summary>
/// Checks the security of the installed infrastructure on the target database: the history table has row-level
/// security and nothing for anon/authenticated/PUBLIC, and <c>public.exec_sql</c> is executable only by the trusted and
/// pins its <c>search_path</c>. Privileges are read with <c>has_*_privilege</c>, which sees default privileges and
/// role membership too.
/// </summary>
internal static class InfrastructureAudit
{
    /// <summary>Every security finding about the infrastructure (empty when all holds).</summary>
    public static async Task<List<TestFinding>> AuditAsync(NpgsqlConnection connection, HistoryTable table, CancellationToken cancellationToken)
    {
        var findings = new List<TestFinding>();
        var roles = await ExistingRolesAsync(connection, cancellationToken);
        if (await ScalarAsync<bool>(connection, "SELECT to_regclass($1) IS NULL", table.Quoted, cancellationToken))
            findings.Add(Finding("infra.missing-table", $"the history table {table} does not exist: run bootstrap (or migrate)"));
        else
            await AuditTableAsync(connection, table, roles, findings, cancellationToken);
        if (await ScalarAsync<bool>(connection, "SELECT to_regprocedure('public.exec_sql(text)') IS NULL", null, cancellationToken))
            findings.Add(Finding("infra.missing-exec-sql", "public.exec_sql(text) does not exist: run bootstrap (or migrate)"));
        else
            await AuditExecSqlAsync(connection, roles, findings, cancellationToken);
        return findings;
    }

    static async Task AuditTableAsync(NpgsqlConnection connection, HistoryTable table, IReadOnlyList<string> roles, List<TestFinding> findings,
        CancellationToken cancellationToken)
    {
        if (!await ScalarAsync<bool>(connection, "SELECT relrowsecurity FROM pg_class WHERE oid = $1::regclass", table.Quoted, cancellationToken))
            findings.Add(Finding("infra.rls-disabled", $"row-level security is not enabled on {table}: ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"));
        const string Policies = """
            SELECT string_agg(DISTINCT p.polname || ' (' || CASE WHEN r = 0 THEN 'PUBLIC' ELSE r::regrole::text END || ')', ', ')
            FROM pg_policy p, unnest(p.polroles) r
            WHERE p.polrelid = $1::regclass AND (r = 0 OR r::regrole::text IN ('anon', 'authenticated'))
            """;
        if (await ScalarAsync<string?>(connection, Policies, table.Quoted, cancellationToken) is { } open)
            findings.Add(Finding("infra.policy-for-untrusted", $"{table} has policies that apply to anon, authenticated or PUBLIC: {open}; only service_role may read it"));
        foreach (var role in roles)
        {
            var sql = $"SELECT has_table_privilege('{role}', $1, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')";
            if (await ScalarAsync<bool>(connection, sql, table.Quoted, cancellationToken))
                findings.Add(Finding("infra.table-privilege", $"{(role == "public" ? "PUBLIC" : role)} has privileges on {table}: REVOKE ALL ON {table} FROM {role}"));
        }
    }

    static async Task AuditExecSqlAsync(NpgsqlConnection connection, IReadOnlyList<string> roles, List<TestFinding> findings, CancellationToken cancellationToken)
    {
        foreach (var role in roles)
        {
            if (await ScalarAsync<bool>(connection, $"SELECT has_function_privilege('{role}', 'public.exec_sql(text)', 'EXECUTE')", null, cancellationToken))
                findings.Add(Finding("infra.exec-sql-executable", $"{(role == "public" ? "PUBLIC" : role)} may execute public.exec_sql: REVOKE EXECUTE ON FUNCTION public.exec_sql(text) FROM {role}"));
        }
        const string Pinned = "SELECT coalesce(bool_or(c LIKE 'search_path=%'), false) FROM pg_proc p LEFT JOIN unnest(p.proconfig) c ON true WHERE p.oid = 'public.exec_sql(text)'::regprocedure";
        if (!await ScalarAsync<bool>(connection, Pinned, null, cancellationToken))
            findings.Add(Finding("infra.exec-sql-search-path", "public.exec_sql does not pin its search_path: ALTER FUNCTION public.exec_sql(text) SET search_path = ''"));
    }

    static async Task<IReadOnlyList<string>> ExistingRolesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var roles = new List<string> { "public" };
        while (await reader.ReadAsync(cancellationToken))
            roles.Add(reader.GetString(0));
        return roles;
    }

    static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, string? parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter, NpgsqlDbType = NpgsqlDbType.Text });
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull or null ? default! : (T)value;
    }

    static TestFinding Finding(string rule, string message) => new(rule, true, null, null, null, message);
}
