using System.Collections.Concurrent;
using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>
/// Issue 15: transactional migrations go to the server in pipelines, many per round trip, each still its own
/// transaction with its history row. These tests hold the server back at a chosen migration (an advisory lock the
/// test holds) so that they can look at a pipeline while it runs: what the run has reported, what committed, what
/// the server is doing.
/// </summary>
public sealed class PipelineTests(PostgresServer server)
{
    const long Gate = 4242;

    [Fact]
    public async Task Each_commit_of_a_pipeline_is_reported_as_it_arrives_while_later_migrations_still_run()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_a.sql", "CREATE TABLE a (id int);\n");
        folder.Write("2_b.sql", "CREATE TABLE b (id int);\n");
        folder.Write("3_gated.sql", $"SELECT pg_advisory_xact_lock({Gate});\nCREATE TABLE c (id int);\n");
        folder.Write("4_d.sql", "CREATE TABLE d (id int);\n");
        await using var gate = await HoldGateAsync(db);
        var observer = new RecordingObserver();

        var migrate = Runner(db, folder, observer).MigrateAsync(TestContext.Current.CancellationToken);
        // All four are one pipeline; the third waits for the gate. The first two have committed, and the run must say so now.
        await RecordingObserver.WaitAsync(() => observer.Committed.Count >= 2, migrate);
        var waitingAtGate = await WaitingAtGateAsync(db);
        var appliedWhileWaiting = observer.Committed.ToList();
        var startedWhileWaiting = observer.Started.ToList();
        await gate.DisposeAsync();
        var result = await migrate;

        Assert.True(waitingAtGate, "the third migration should be waiting for the gate while the first two are reported");
        Assert.Equal(["1_a.sql", "2_b.sql"], appliedWhileWaiting);
        Assert.Equal(["1_a.sql", "2_b.sql", "3_gated.sql"], startedWhileWaiting);
        Assert.True(result.Succeeded);
        Assert.Equal(["1_a.sql", "2_b.sql", "3_gated.sql", "4_d.sql"], observer.Committed);
        Assert.Equal(4, (await db.HistoryAsync()).Count(h => h.Success));
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_a_pipeline_keeps_those_before_it_rolls_it_back_and_runs_nothing_after_it()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("01_log.sql", "CREATE TABLE log (n int);\nINSERT INTO log VALUES (1);\n");
        for (var i = 2; i <= 30; i++)
            folder.Write($"{i:00}_step.sql", $"CREATE TABLE t_{i} (id int);\nINSERT INTO log VALUES ({i});\n");
        folder.Write("17_step.sql", "CREATE TABLE t_17 (id int);\nINSERT INTO missing_table VALUES (17);\n");

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var history = await db.HistoryAsync();

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("17_step.sql:2:13 (statement 2): 42P01", result.Error, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => $"{i:00}"), history.Where(h => h.Success).Select(h => h.Version));
        var failed = Assert.Single(history, h => !h.Success);
        Assert.Equal("17", failed.Version);
        Assert.Contains("17_step.sql:2:13", failed.Error, StringComparison.Ordinal);
        Assert.Equal(16L, await db.ScalarAsync<long>("SELECT count(*) FROM log"));
        Assert.Equal(136L, await db.ScalarAsync<long>("SELECT sum(n) FROM log"));
        Assert.False(await db.ExistsAsync("public.t_17"), "the failed migration is rolled back whole");
        Assert.False(await db.ExistsAsync("public.t_18"), "nothing after the failed migration runs");
        Assert.Equal(16, result.Output.Split('\n').Count(l => l.EndsWith(" ms)", StringComparison.Ordinal) && l.Contains(" ok (", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_file_that_runs_outside_a_transaction_ends_the_pipeline_before_it_and_runs_alone()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_log.sql", "CREATE TABLE log (n int);\nINSERT INTO log VALUES (1);\n");
        folder.Write("2_two.sql", "INSERT INTO log VALUES (2);\n");
        folder.Write("3_index.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS log_n ON log (n);\n");
        // Runs only once the concurrent build is over: it checks the index is there and valid.
        folder.Write("4_four.sql", """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_index WHERE indexrelid = to_regclass('public.log_n') AND indisvalid) THEN
                RAISE EXCEPTION 'the index of 3_index.sql is not built yet';
              END IF;
            END $$;
            INSERT INTO log VALUES (4);
            """);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal("1,2,4", await db.ScalarAsync<string>("SELECT string_agg(n::text, ',' ORDER BY n) FROM log"));
        Assert.Equal(4, (await db.HistoryAsync()).Count(h => h.Success));
    }

    [Fact]
    public async Task A_lock_timeout_in_the_middle_of_a_pipeline_is_retried_from_that_migration_and_nothing_is_applied_twice()
    {
        var db = await server.CreateDatabaseAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await db.ExecuteAsync("CREATE TABLE busy (id int);");
        using var folder = new MigrationFolder();
        folder.Write("1_log.sql", "CREATE TABLE log (n int);\nINSERT INTO log VALUES (1);\n");
        folder.Write("2_alter.sql", "ALTER TABLE busy ADD COLUMN IF NOT EXISTS note text;\nINSERT INTO log VALUES (2);\n");
        folder.Write("3_three.sql", "INSERT INTO log VALUES (3);\n");
        await using var holder = await db.OpenAsync();
        await ExecuteAsync(holder, "BEGIN; SELECT count(*) FROM busy;");
        var observer = new RecordingObserver();
        var options = new MigrationOptions
        {
            AllowAnyVersion = true,
            DatabaseUrl = db.Url,
            Directory = folder.Path,
            StatementLockTimeout = TimeSpan.FromMilliseconds(100),
            LockRetries = 50,
        };

        var migrate = new MigrationRunner(options, observer).MigrateAsync(cancellationToken);
        await RecordingObserver.WaitAsync(() => !observer.Retried.IsEmpty, migrate);
        var appliedBeforeRetry = observer.Committed.ToList();
        await ExecuteAsync(holder, "COMMIT");
        var result = await migrate;

        Assert.True(result.Succeeded);
        Assert.Equal(["1_log.sql"], appliedBeforeRetry);
        Assert.All(observer.Retried, file => Assert.Equal("2_alter.sql", file));
        Assert.Equal(["1_log.sql", "2_alter.sql", "3_three.sql"], observer.Committed);
        Assert.Equal("1,2,3", await db.ScalarAsync<string>("SELECT string_agg(n::text, ',' ORDER BY n) FROM log"));
        Assert.Equal(3, (await db.HistoryAsync()).Count(h => h.Success));
    }

    [Fact]
    public async Task Cancelling_in_the_middle_of_a_pipeline_rolls_back_the_migration_in_progress_and_what_committed_survives_a_crash()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var cluster = await FaultCluster.StartAsync(cancellationToken);
        var db = await cluster.Server.CreateDatabaseAsync();
        // A database setting outranks the server's command line, so the migrator's sessions commit synchronously.
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" SET synchronous_commit = on");
        using var folder = new MigrationFolder();
        folder.Write("1_a.sql", "CREATE TABLE a (id int);\n");
        folder.Write("2_b.sql", "CREATE TABLE b (id int);\n");
        folder.Write("3_gated.sql", $"CREATE TABLE c (id int);\nSELECT pg_advisory_xact_lock({Gate});\n");
        folder.Write("4_d.sql", "CREATE TABLE d (id int);\n");
        await using var gate = await HoldGateAsync(db);
        var observer = new RecordingObserver();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var migrate = Runner(db, folder, observer).MigrateAsync(cancel.Token);
        await RecordingObserver.WaitAsync(() => observer.Committed.Count >= 2, migrate);
        Assert.True(await WaitingAtGateAsync(db));
        await cancel.CancelAsync();
        var cancelled = await Record.ExceptionAsync(() => migrate);
        // The crash comes at once: the first two committed without waiting for their WAL flush (the run, stopped before
        // its last migration, flushes them on its way out; see the next test).
        await cluster.CrashAndRecoverAsync(cancellationToken);

        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal(["1", "2"], (await db.HistoryAsync()).Select(h => h.Version));
        Assert.True(await db.ExistsAsync("public.b"));
        Assert.False(await db.ExistsAsync("public.c"), "the cancelled migration is rolled back");
        Assert.False(await db.ExistsAsync("public.d"));
    }

    [Fact]
    public async Task A_cancelled_pipeline_leaves_its_session_out_of_the_aborted_transaction_so_the_last_flush_can_run()
    {
        // The run's way out after a cancellation is one small transaction that flushes the WAL of the commits that did
        // not wait for it. In the aborted transaction of the cancelled migration it could not run.
        var db = await server.CreateDatabaseAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = new MigrationFolder();
        folder.Write("1_a.sql", "CREATE TABLE a (id int);\n");
        folder.Write("2_gated.sql", $"CREATE TABLE b (id int);\nSELECT pg_advisory_xact_lock({Gate});\n");
        var set = await new FolderSource(folder.Path, OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: cancellationToken);
        var pipeline = set.Migrations.Select(m => new PipelinedMigration(m, m.ReadContent(), m.Name.VersionText, DeferFlush: true)).ToList();
        await using var gate = await HoldGateAsync(db);
        await using var connection = await db.OpenAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var committed = new ConcurrentQueue<int>();
        var session = new MigrationSession(connection, History: null, new SessionSettings(), ProgressMarkers: true);

        var applying = TransactionalApplier.ApplyAsync(session, pipeline, null, committed.Enqueue, cancel.Token);
        Assert.True(await WaitingAtGateAsync(db));
        await cancel.CancelAsync();
        var cancelled = await Record.ExceptionAsync(() => applying);
        await using var probe = new NpgsqlCommand("SELECT pg_current_xact_id()::text", connection);
        var transaction = await Record.ExceptionAsync(() => probe.ExecuteScalarAsync(cancellationToken));

        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal([0], committed);
        Assert.Null(transaction);
        Assert.True(await db.ExistsAsync("public.a"));
        Assert.False(await db.ExistsAsync("public.b"));
    }

    [Fact]
    public async Task A_database_without_plpgsql_gets_its_pipelines_applied_all_the_same()
    {
        // The progress marker is a PL/pgSQL block; a database can drop the language (here after the infrastructure,
        // whose exec_sql needs it, is installed). The run then sends no marker and hears of each commit at the end.
        var db = await server.CreateDatabaseAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = new MigrationFolder();
        await new MigrationRunner(new MigrationOptions { DatabaseUrl = db.Url, Directory = folder.Path }).BootstrapAsync(cancellationToken);
        await db.ExecuteAsync("DROP EXTENSION plpgsql CASCADE");
        for (var i = 1; i <= 5; i++)
            folder.Write($"{i}_t.sql", $"CREATE TABLE t_{i} (id int);\n");
        var observer = new RecordingObserver();

        var result = await Runner(db, folder, observer).MigrateAsync(cancellationToken);

        Assert.True(result.Succeeded, result.Failed?.Error.ToString());
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"{i}_t.sql"), observer.Committed);
        Assert.Equal(5, (await db.HistoryAsync()).Count(h => h.Success));
    }

    [Fact]
    public void What_plan_sql_shows_for_a_transactional_migration_is_what_the_pipeline_sends()
    {
        var migration = Parse("20250101000000_t.sql", "CREATE TABLE t (id int);\n");
        var content = migration.ReadContent();
        var sent = TransactionalApplier.Commands(null, new SessionSettings(), migration, content.StatementsToSend, "20250101000000", deferFlush: true, marker: true);

        var shown = ExecutionPreview.Render(migration, content, "20250101000000", new Wayli.Migrate.History.HistoryTable("public", "database_migrations"),
            new SessionSettings(), isLast: false);

        Assert.Contains("RAISE NOTICE 'wayli-migrate starts 20250101000000'", sent[1].CommandText, StringComparison.Ordinal);
        Assert.Contains(sent[1].CommandText, shown, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE t (id int);", shown, StringComparison.Ordinal);
    }

    static Migration Parse(string fileName, string sql)
    {
        var problems = new List<SourceProblem>();
        var name = MigrationFileName.TryParse(fileName, out _) ?? throw new InvalidOperationException(fileName);
        return TestMigrations.Parse(name, fileName, fileName, System.Text.Encoding.UTF8.GetBytes(sql), problems)!;
    }

    static MigrationRunner Runner(TestDatabase db, MigrationFolder folder, MigrationObserver observer) =>
        new(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = db.Url, Directory = folder.Path }, observer);

    /// <summary>Holds the advisory lock the gated migrations wait for, until disposed.</summary>
    static async Task<NpgsqlConnection> HoldGateAsync(TestDatabase db)
    {
        var connection = await db.OpenAsync();
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({Gate})");
        return connection;
    }

    /// <summary>True once a session of the run waits for the gate (waiting up to a minute for it to get there).</summary>
    static async Task<bool> WaitingAtGateAsync(TestDatabase db)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await db.ScalarAsync<long>(
                    $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock({Gate})%'") > 0)
                return true;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return false;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Remembers what the run told its observer, in order.</summary>
    sealed class RecordingObserver : MigrationObserver
    {
        public ConcurrentQueue<string> Started { get; } = new();

        public ConcurrentQueue<string> Committed { get; } = new();

        public ConcurrentQueue<string> Retried { get; } = new();

        public override void Applying(Migration migration) => Started.Enqueue(migration.FileName);

        public override void Applied(Migration migration, TimeSpan elapsed) => Committed.Enqueue(migration.FileName);

        public override void Retrying(Migration migration, int attempt, TimeSpan delay, MigrationError reason) => Retried.Enqueue(migration.FileName);

        /// <summary>Waits until <paramref name="condition"/> holds; fails if the run ends first or it takes a minute.</summary>
        public static async Task WaitAsync(Func<bool> condition, Task run)
        {
            for (var waited = 0; !condition(); waited += 20)
            {
                if (run.IsCompleted)
                {
                    await run;
                    Assert.Fail("the run ended before what the test waits for happened");
                }
                Assert.True(waited < 60_000, "what the test waits for did not happen within a minute");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }
    }
}
