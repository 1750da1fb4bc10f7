using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Runs;

/// <summary>The library surface: migrate, status and test from .NET, with logging and tracing.</summary>
public sealed class MigrationRunnerTests(PostgresServer server)
{
    [Fact]
    public async Task Migrate_status_and_test_from_the_library_log_and_trace_each_migration()
    {
        var db = await server.CreateDatabaseAsync();
        var logger = new ListLogger();
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MigrationTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var runner = new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = db.Url, Directory = Paths.ExampleMigrations, Logger = logger });
        var files = Directory.GetFiles(Paths.ExampleMigrations, "*.sql").Select(Path.GetFileName).ToList();

        var result = await runner.MigrateAsync(TestContext.Current.CancellationToken);
        var status = await runner.StatusAsync(TestContext.Current.CancellationToken);
        var test = await runner.TestAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Equal(files.Count, result.Applied.Count);
        Assert.Equal(files.Count, status.Plan.Count(MigrationState.Applied));
        Assert.True(test.Passed, string.Join('\n', test.Findings));
        Assert.All(files, file => Assert.Contains(logger.Messages, m => m.Contains("applied " + file, StringComparison.Ordinal)));
        // Other tests migrate at the same time: keep this run's trace only.
        var run = Assert.Single(activities, a => a.DisplayName == "wayli-migrate migrate" && (string?)a.GetTagItem("db.namespace") == db.Name);
        var spans = activities.Where(a => a.TraceId == run.TraceId && a.DisplayName.StartsWith("wayli-migrate apply", StringComparison.Ordinal)).ToList();
        Assert.Equal(files.Order(StringComparer.Ordinal), spans.Select(a => (string)a.GetTagItem("wayli_migrate.file")!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(logger.Messages, m => m.Contains(db.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_migration_is_in_the_result_and_its_span_is_marked_as_an_error()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_broken.sql", "SELECT 1/0;\n");
        var failed = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MigrationTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.Status == ActivityStatusCode.Error) failed.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);

        var result = await new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = db.Url, Directory = folder.Path })
            .MigrateAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal("22012", result.Failed!.Error.SqlState);
        Assert.Contains(failed, a => (string?)a.GetTagItem("wayli_migrate.file") == "1_broken.sql");
    }

    [Fact]
    public async Task The_example_app_migrates_before_it_serves_and_two_copies_share_the_lock()
    {
        var db = await server.CreateDatabaseAsync();
        var app = Path.Combine(Paths.Repository, "examples", "HostedApp", "bin", Configuration(), "net10.0", "HostedApp.dll");
        Assert.True(File.Exists(app), $"{app} is built with the tests");

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RunAppAsync(app, db.Url)));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        var applier = Assert.Single(runs, run => run.Output.Contains("applied 20250101000000_create_profiles.sql", StringComparison.Ordinal));
        Assert.True(applier.Output.IndexOf("database migrated", StringComparison.Ordinal) < applier.Output.IndexOf("serving", StringComparison.Ordinal),
            "the app must not serve before the migration finished");
        Assert.Equal(Directory.GetFiles(Paths.ExampleMigrations, "*.sql").Length, (await db.HistoryAsync()).Count);
    }

    static async Task<CliResult> RunAppAsync(string app, string url)
    {
        var info = new ProcessStartInfo("dotnet", [app]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["DATABASE_URL"] = url;
        info.Environment["MIGRATIONS_DIR"] = Paths.ExampleMigrations;
        info.Environment["EXIT_AFTER_START"] = "true";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        using var process = Process.Start(info)!;
        return await Tool.WaitAsync(process);
    }

    static string Configuration() => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        ? "Release" : "Debug";

    sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception));
    }
}
