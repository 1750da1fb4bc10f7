using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Wayli.Migrate.Tests.Support;

/// <summary>What the reliability tests check on every outcome: no secret printed, the database exactly as it was.</summary>
public static class ReliabilityChecks
{
    /// <summary>Asserts that no output of the run contains a secret, raw or percent-encoded.</summary>
    public static void AssertNoSecrets(CliResult result, params string?[] secrets)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
                continue;
            Assert.False(result.All.Contains(secret, StringComparison.Ordinal), $"the output contains a password:\n{result}");
            var encoded = Uri.EscapeDataString(secret);
            Assert.False(encoded != secret && result.All.Contains(encoded, StringComparison.Ordinal), $"the output contains a percent-encoded password:\n{result}");
        }
    }

    /// <summary>
    /// Everything a run could change, each list in a stable order: every relation with its kind, columns (type,
    /// nullability, default), RLS flags and privileges; every function with its body, settings and privileges; every
    /// schema's privileges; every policy; and every history row (<see cref="TestDatabase.HistorySnapshotAsync"/>, or
    /// the rows as text when the table has no version column). Equal before and after means the run changed nothing.
    /// </summary>
    public static async Task<string> DeepFingerprintAsync(TestDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Every string_agg orders by its own expression: "ORDER BY 1" inside an aggregate orders by the constant 1.
        const string Sql = """
            SELECT concat_ws(E'\n',
              (SELECT string_agg(x, E'\n' ORDER BY x) FROM (
                 SELECT format('%s.%s:%s rls=%s force=%s acl=%s', n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.relacl) AS x
                   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')) r),
              (SELECT string_agg(x, E'\n' ORDER BY x) FROM (
                 SELECT format('%s.%s.%s %s notnull=%s default=%s', n.nspname, c.relname, a.attname,
                               format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)) AS x
                   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                   LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  WHERE a.attnum > 0 AND NOT a.attisdropped AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')) c),
              (SELECT string_agg(x, E'\n' ORDER BY x) FROM (
                 SELECT format('%s body=%s config=%s acl=%s definer=%s', p.oid::regprocedure, md5(p.prosrc), p.proconfig, p.proacl, p.prosecdef) AS x
                   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')) f),
              (SELECT string_agg(x, E'\n' ORDER BY x) FROM (SELECT format('%s acl=%s', nspname, nspacl) AS x FROM pg_namespace) s),
              (SELECT string_agg(x, E'\n' ORDER BY x) FROM (
                 SELECT format('%s on %s: %s', polname, polrelid::regclass, pg_get_expr(polqual, polrelid)) AS x FROM pg_policy) p))
            """;
        string history;
        try
        {
            history = await db.HistorySnapshotAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedColumn)
        {
            history = await db.ScalarAsync<string>("SELECT coalesce(string_agg(h::text, E'\\n' ORDER BY h::text), '') FROM public.database_migrations h");
        }
        return await db.ScalarAsync<string>(Sql) + "\n" + history;
    }

    /// <summary>
    /// Waits until no session but the caller's (and the test's own, <paramref name="except"/>) is connected to the
    /// database: a killed migrator's server sessions can outlive it until the server notices. Returns how long that
    /// took; fails after <paramref name="limit"/>, listing the sessions still there.
    /// </summary>
    public static async Task<TimeSpan> WaitForOtherSessionsToEndAsync(TestDatabase db, TimeSpan limit, CancellationToken cancellationToken, params int[] except)
    {
        ArgumentNullException.ThrowIfNull(db);
        var started = Stopwatch.GetTimestamp();
        await using var connection = await db.OpenAsync();
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND pid <> ALL($1)",
                connection);
            command.Parameters.Add(new NpgsqlParameter { Value = except, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0)
                return Stopwatch.GetElapsedTime(started);
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                await using var list = new NpgsqlCommand(
                    "SELECT string_agg(format('pid %s (%s, %s, wait %s/%s, since %s): %s', pid, application_name, state, wait_event_type, wait_event, backend_start, left(query, 80)), '; ') "
                    + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'", connection);
                throw new TimeoutException($"sessions were still connected to {db.Name} after {limit}: {await list.ExecuteScalarAsync(cancellationToken)}");
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>
    /// Polls until a client session of the database (not the caller's) matches <paramref name="condition"/> (a SQL
    /// boolean over pg_stat_activity's columns) and returns its pid; fails when <paramref name="running"/> ends first.
    /// </summary>
    public static async Task<int> WaitForSessionAsync(TestDatabase db, string condition, Task running, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(running);
        await using var connection = await db.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ({condition}) LIMIT 1",
                connection);
            if (await command.ExecuteScalarAsync(cancellationToken) is int pid)
                return pid;
            if (running.IsCompleted)
                throw new InvalidOperationException($"the run ended before a session matched {condition}");
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(2))
                throw new TimeoutException($"no session matched {condition} within 2 minutes");
            await Task.Delay(10, cancellationToken);
        }
    }
}
