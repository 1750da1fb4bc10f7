using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 7, part 3: the server lets the migrator down mid-run — its session is terminated, the server restarts, a
/// statement fails for lack of disk, a statement is cancelled by statement_timeout. Each time: a clear message, the
/// documented exit code, a history that matches the schema, and a next run that completes.
/// </summary>
public sealed class ServerFaultTests(PostgresServer server)
{
    const string SlowMarker = "pg_sleep(30)";

    [Fact]
    public async Task Terminating_the_working_session_mid_migration_is_a_connection_failure_and_the_next_run_completes()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = SlowSet(nonTransactional: false);
        var (result, noticed, history, slowExists, next) = await RunThroughFaultAsync(db, folder, pid => Terminate(db, pid));

        ReliabilityReport.Record("server fault: pg_terminate_backend, transactional", 1, Passed(result, ExitCodes.Connection, next),
            $"exit {result.ExitCode} (want {ExitCodes.Connection}) {ReliabilityReport.Ms(noticed)} after the fault; history after: {Rows(history)}; next run exit {next.ExitCode}");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        ReliabilityChecks.AssertNoSecrets(next, db.Password);
        Assert.True(result.ExitCode == ExitCodes.Connection, result.ToString());
        Assert.Contains("2_slow.sql", result.Error, StringComparison.Ordinal);
        Assert.Contains("connection", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        // The transaction died with the session: nothing of 2_slow.sql, which history shows as not applied.
        AssertNotApplied(history);
        Assert.False(slowExists);
        await AssertCompletedAsync(db, next);
    }

    [Fact]
    public async Task Terminating_the_working_session_mid_statement_of_a_non_transactional_file_is_a_connection_failure_and_the_rerun_completes()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = SlowSet(nonTransactional: true);
        var (result, noticed, history, firstStatementKept, next) = await RunThroughFaultAsync(db, folder, pid => Terminate(db, pid));

        ReliabilityReport.Record("server fault: pg_terminate_backend, non-transactional", 1, Passed(result, ExitCodes.Connection, next),
            $"exit {result.ExitCode} (want {ExitCodes.Connection}) {ReliabilityReport.Ms(noticed)} after the fault; history after: {Rows(history)}; statement 1 kept: {firstStatementKept}; next run exit {next.ExitCode}");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        Assert.True(result.ExitCode == ExitCodes.Connection, result.ToString());
        Assert.Contains("2_slow.sql", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        Assert.True(firstStatementKept, "the autocommitted first statement stays applied");
        AssertNotApplied(history);
        await AssertCompletedAsync(db, next);
    }

    [Fact]
    public async Task Terminating_the_lock_session_mid_run_never_lets_a_second_migrator_apply_a_migration_twice()
    {
        // Each migration logs itself into a table without a unique key: only the lock stands between a second
        // migrator and a second application.
        var db = await server.CreateDatabaseAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = new MigrationFolder();
        folder.Write("1_log.sql", "CREATE TABLE IF NOT EXISTS applied_log (version int);\nINSERT INTO applied_log VALUES (1);\n");
        for (var i = 2; i <= 4; i++)
            folder.Write($"{i}_step.sql", $"INSERT INTO applied_log VALUES ({i});\nSELECT pg_sleep(0.7);\n");
        var first = Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        await ReliabilityChecks.WaitForSessionAsync(db, "state = 'active' AND query LIKE '%pg_sleep(0.7)%'", first, cancellationToken);
        var terminated = await db.ScalarAsync<long>(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%advisory_lock%' AND pid <> pg_backend_pid()");
        var second = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var firstResult = await first;
        var logged = await db.ScalarAsync<string>("SELECT string_agg(format('%s x%s', version, n), ',' ORDER BY version) FROM (SELECT version, count(*) n FROM applied_log GROUP BY version) c");

        ReliabilityReport.Record("server fault: lock session terminated", 1, logged == "1 x1,2 x1,3 x1,4 x1" ? 1 : 0,
            $"lock sessions terminated: {terminated}; first run exit {firstResult.ExitCode}, second run exit {second.ExitCode}; applied_log {logged}");
        ReliabilityChecks.AssertNoSecrets(firstResult, db.Password);
        ReliabilityChecks.AssertNoSecrets(second, db.Password);
        Assert.Equal(1L, terminated);
        Assert.True(logged == "1 x1,2 x1,3 x1,4 x1", $"applied_log {logged}\nfirst: {firstResult}\nsecond: {second}");
        Assert.True(firstResult.ExitCode is ExitCodes.Ok or ExitCodes.Connection, firstResult.ToString());
        Assert.DoesNotContain("internal error", firstResult.Error, StringComparison.Ordinal);
        var last = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(last.ExitCode == ExitCodes.Ok, last.ToString());
        Assert.Equal(4, (await db.HistoryAsync()).Count(h => h.Success));
    }

    [Fact]
    public async Task A_server_restart_mid_run_is_a_connection_failure_and_the_next_run_completes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var cluster = await FaultCluster.StartAsync(cancellationToken);
        var db = await cluster.Server.CreateDatabaseAsync();
        using var folder = SlowSet(nonTransactional: false);
        var (result, noticed, history, slowExists, next) = await RunThroughFaultAsync(db, folder, _ => cluster.RestartAsync(cancellationToken));

        ReliabilityReport.Record("server fault: restart mid-run", 1, Passed(result, ExitCodes.Connection, next),
            $"exit {result.ExitCode} (want {ExitCodes.Connection}) {ReliabilityReport.Ms(noticed)} after the restart began; history after: {Rows(history)}; next run exit {next.ExitCode}");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        ReliabilityChecks.AssertNoSecrets(next, db.Password);
        Assert.True(result.ExitCode == ExitCodes.Connection, result.ToString());
        Assert.Contains("2_slow.sql", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        AssertNotApplied(history);
        Assert.False(slowExists);
        await AssertCompletedAsync(db, next);
    }

    [Fact]
    public async Task A_really_full_disk_fails_the_migration_cleanly_and_the_next_run_completes_once_there_is_room()
    {
        // A real "No space left on device": the migration writes into a tablespace on a small filesystem of its own.
        using var disk = SmallDisk.Mount(megabytes: 16);
        var db = await server.CreateDatabaseAsync();
        var tablespace = "wayli_full_" + db.Name;
        await db.ExecuteAsync($"CREATE TABLESPACE {tablespace} LOCATION '{disk.Path}'");
        try
        {
            using var folder = new MigrationFolder();
            folder.Write("1_first.sql", $"CREATE TABLE big_table (payload text) TABLESPACE {tablespace};\n");
            folder.Write("2_fill.sql", "INSERT INTO big_table SELECT repeat(md5(g::text), 20) FROM generate_series(1, 100000) g;\n");
            folder.Write("3_last.sql", "CREATE TABLE last_table (id int);\n");

            var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
            var history = await db.HistoryAsync();
            var rowsAfterFailure = await db.ScalarAsync<long>("SELECT count(*) FROM big_table");
            disk.Grow(megabytes: 512);
            var next = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

            ReliabilityReport.Record("server fault: disk full (a 16 MB filesystem)", 1, Passed(result, ExitCodes.MigrationFailed, next),
                $"exit {result.ExitCode} (want {ExitCodes.MigrationFailed}); history after: {Rows(history)}; next run exit {next.ExitCode}");
            ReliabilityChecks.AssertNoSecrets(result, db.Password);
            Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
            Assert.Contains("2_fill.sql:1:1 (statement 1): 53100", result.Error, StringComparison.Ordinal);
            Assert.Contains("No space left on device", result.Error, StringComparison.Ordinal);
            Assert.Equal([("1", true), ("2", false)], history.Select(h => (h.Version, h.Success)));
            Assert.Equal(0L, rowsAfterFailure);
            await AssertCompletedAsync(db, next);
            Assert.Equal(100000L, await db.ScalarAsync<long>("SELECT count(*) FROM big_table"));
        }
        finally
        {
            await db.ExecuteAsync("DROP TABLE IF EXISTS big_table");
            await db.ExecuteAsync($"DROP TABLESPACE IF EXISTS {tablespace}");
        }
    }

    [Fact]
    public async Task A_53100_error_as_a_full_disk_raises_fails_the_migration_cleanly_and_the_next_run_completes()
    {
        var db = await server.CreateDatabaseAsync();
        // The condition is outside the file (a table the test drops), so the same file succeeds on the next run.
        await db.ExecuteAsync("CREATE TABLE disk_is_full (id int);");
        using var folder = new MigrationFolder();
        folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        folder.Write("2_big.sql", """
            CREATE TABLE big_table (id int);
            INSERT INTO big_table SELECT generate_series(1, 1000);
            DO $$
            BEGIN
                IF to_regclass('public.disk_is_full') IS NOT NULL THEN
                    RAISE EXCEPTION USING ERRCODE = 'disk_full', MESSAGE = 'could not extend file "base/1/2": No space left on device',
                        HINT = 'Check free disk space.';
                END IF;
            END
            $$;
            """);
        folder.Write("3_last.sql", "CREATE TABLE last_table (id int);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var history = await db.HistoryAsync();
        var bigExists = await db.ExistsAsync("public.big_table");
        await db.ExecuteAsync("DROP TABLE disk_is_full;");
        var next = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        ReliabilityReport.Record("server fault: the error a full disk raises (53100, raised by the migration)", 1, Passed(result, ExitCodes.MigrationFailed, next),
            $"exit {result.ExitCode} (want {ExitCodes.MigrationFailed}); history after: {Rows(history)}; next run exit {next.ExitCode}");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("2_big.sql:3:1 (statement 3): 53100", result.Error, StringComparison.Ordinal);
        Assert.Contains("No space left on device", result.Error, StringComparison.Ordinal);
        Assert.Contains("hint: Check free disk space.", result.Error, StringComparison.Ordinal);
        Assert.Equal([("1", true), ("2", false)], history.Select(h => (h.Version, h.Success)));
        Assert.Contains("53100", history[1].Error, StringComparison.Ordinal);
        Assert.False(bigExists, "the failed migration was rolled back whole");
        await AssertCompletedAsync(db, next);
    }

    [Fact]
    public async Task Exceeding_temp_file_limit_fails_the_migration_cleanly_and_the_next_run_completes_once_the_limit_is_lifted()
    {
        var db = await server.CreateDatabaseAsync();
        // A real 53400 from the server: new sessions of this database may write only 64 kB of temporary files.
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" SET temp_file_limit = '64kB'; ALTER DATABASE \"{db.Name}\" SET work_mem = '64kB';");
        using var folder = new MigrationFolder();
        folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        folder.Write("2_sorted.sql", "CREATE TABLE sorted AS\nSELECT g FROM generate_series(1, 300000) g ORDER BY g DESC;\n");
        folder.Write("3_last.sql", "CREATE TABLE last_table (id int);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var history = await db.HistoryAsync();
        var sortedExists = await db.ExistsAsync("public.sorted");
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" RESET temp_file_limit; ALTER DATABASE \"{db.Name}\" RESET work_mem;");
        var next = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        ReliabilityReport.Record("server fault: temp_file_limit (53400)", 1, Passed(result, ExitCodes.MigrationFailed, next),
            $"exit {result.ExitCode} (want {ExitCodes.MigrationFailed}); history after: {Rows(history)}; next run exit {next.ExitCode}");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("2_sorted.sql:1:1 (statement 1): 53400", result.Error, StringComparison.Ordinal);
        Assert.Contains("temp_file_limit", result.Error, StringComparison.Ordinal);
        Assert.Equal([("1", true), ("2", false)], history.Select(h => (h.Version, h.Success)));
        Assert.False(sortedExists);
        await AssertCompletedAsync(db, next);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_statement_cancelled_by_statement_timeout_fails_cleanly_and_a_run_with_more_time_completes(bool nonTransactional)
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        folder.Write("2_slow.sql", (nonTransactional ? "-- migrate:no-transaction\n" : "")
            + "CREATE TABLE IF NOT EXISTS slow_table (id int);\nSELECT pg_sleep(1.5);\nINSERT INTO slow_table VALUES (1);\n");
        folder.Write("3_last.sql", "CREATE TABLE last_table (id int);\n");
        var line = nonTransactional ? 3 : 2;

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--statement-timeout", "300ms");
        var history = await db.HistoryAsync();
        var slowExists = await db.ExistsAsync("public.slow_table");
        var next = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--statement-timeout", "1m");

        ReliabilityReport.Record($"server fault: statement_timeout ({(nonTransactional ? "non-transactional" : "transactional")})", 1,
            Passed(result, ExitCodes.MigrationFailed, next), $"exit {result.ExitCode} (want {ExitCodes.MigrationFailed}); history after: {Rows(history)}; next run exit {next.ExitCode}");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains($"2_slow.sql:{line.ToString(CultureInfo.InvariantCulture)}:1 (statement 2): 57014", result.Error, StringComparison.Ordinal);
        Assert.Contains("statement timeout", result.Error, StringComparison.Ordinal);
        Assert.Equal([("1", true), ("2", false)], history.Select(h => (h.Version, h.Success)));
        Assert.Contains("57014", history[1].Error, StringComparison.Ordinal);
        // Outside a transaction the first statement stays (and the history says so); inside one, nothing does.
        Assert.Equal(nonTransactional, slowExists);
        if (nonTransactional)
            Assert.Contains("1 of its 3 statement(s) completed", history[1].Error, StringComparison.Ordinal);
        await AssertCompletedAsync(db, next);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM slow_table"));
    }

    /// <summary>
    /// Three migrations; the second sleeps long enough to be caught mid-flight while the table go_slow exists (the
    /// tests create it before the run and drop it after the fault, so the next run does not wait).
    /// </summary>
    static MigrationFolder SlowSet(bool nonTransactional)
    {
        var folder = new MigrationFolder();
        folder.Write("1_first.sql", "CREATE TABLE first_table (id int);\n");
        folder.Write("2_slow.sql", (nonTransactional ? "-- migrate:no-transaction\n" : "")
            + $"CREATE TABLE IF NOT EXISTS slow_table (id int);\nSELECT {SlowMarker} WHERE to_regclass('public.go_slow') IS NOT NULL;\nINSERT INTO slow_table VALUES (1);\n");
        folder.Write("3_last.sql", "CREATE TABLE last_table (id int);\n");
        return folder;
    }

    /// <summary>The next run (run after the fault) completed: exit 0, every migration applied once and recorded.</summary>
    /// <summary>
    /// Starts migrate on the slow set, waits until its slow statement runs, applies <paramref name="fault"/> (given the
    /// working session's pid), and collects what the run and the database look like afterwards, and a next run.
    /// </summary>
    static async Task<(CliResult Result, TimeSpan Noticed, List<(string Version, bool Success, string? Error, string Checksum, int? Ms)> History,
        bool SlowExists, CliResult Next)> RunThroughFaultAsync(TestDatabase db, MigrationFolder folder, Func<int, Task> fault)
    {
        await db.ExecuteAsync("CREATE TABLE go_slow ();");
        var migrate = Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var pid = await ReliabilityChecks.WaitForSessionAsync(db, $"state = 'active' AND query LIKE '%{SlowMarker}%'", migrate, TestContext.Current.CancellationToken);
        var faulted = Stopwatch.GetTimestamp();
        await fault(pid);
        var result = await migrate;
        var noticed = Stopwatch.GetElapsedTime(faulted);
        await db.ExecuteAsync("DROP TABLE go_slow;");
        var history = await db.HistoryAsync();
        var slowExists = await db.ExistsAsync("public.slow_table");
        var next = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        return (result, noticed, history, slowExists, next);
    }

    static Task Terminate(TestDatabase db, int pid) => db.ExecuteAsync($"SELECT pg_terminate_backend({pid.ToString(CultureInfo.InvariantCulture)})");

    static async Task AssertCompletedAsync(TestDatabase db, CliResult next)
    {
        ReliabilityChecks.AssertNoSecrets(next, db.Password);
        Assert.True(next.ExitCode == ExitCodes.Ok, next.ToString());
        Assert.Equal([("1", true), ("2", true), ("3", true)], (await db.HistoryAsync()).Select(h => (h.Version, h.Success)));
        Assert.True(await db.ExistsAsync("public.last_table"));
    }

    /// <summary>
    /// 2_slow.sql is not recorded as applied: no row (the run could not write one), or a failed one saying what
    /// happened.
    /// </summary>
    static void AssertNotApplied(List<(string Version, bool Success, string? Error, string Checksum, int? Ms)> history)
    {
        Assert.Equal(("1", true), (history[0].Version, history[0].Success));
        Assert.DoesNotContain(history, h => h.Version == "2" && h.Success);
        Assert.All(history.Where(h => h.Version == "2"), h => Assert.Contains("connection", h.Error, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(history, h => h.Version == "3");
    }

    static int Passed(CliResult result, int wanted, CliResult next) => result.ExitCode == wanted && next.ExitCode == ExitCodes.Ok ? 1 : 0;

    static string Rows(IEnumerable<(string Version, bool Success, string? Error, string Checksum, int? Ms)> rows) =>
        string.Join(',', rows.Select(r => $"{r.Version}:{(r.Success ? "ok" : "failed")}"));
}
