using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Infrastructure;
using Wayli.Migrate.Local;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>dev start | stop | status | reset | url</c>: the project's local development database (<see cref="DevCluster"/>).
/// A new or reset database gets the Supabase environment (when the folder has it), the migrations through the same
/// <see cref="MigrateRun"/> as <c>migrate</c>, then the seed file beside the migrations folder (<c>supabase/seed.sql</c>),
/// the way the Supabase CLI's <c>db reset</c> does without Docker. Files are checked before anything is dropped.
/// </summary>
internal static class DevRun
{
    /// <summary>The seed file's name, beside the migrations folder.</summary>
    public const string SeedFileName = "seed.sql";

    public static async Task<DevResult> RunAsync(RunContext run, DevAction action, CancellationToken cancellationToken)
    {
        using var dev = DevCluster.Open(run.Options.DevFolder);
        var outcome = new Outcome();
        switch (action)
        {
            case DevAction.Start:
                await StartAsync(run, dev, outcome, cancellationToken);
                break;
            case DevAction.Reset:
                await ResetAsync(run, dev, outcome, cancellationToken);
                break;
            case DevAction.Stop:
                await StopAsync(dev, outcome, cancellationToken);
                break;
            case DevAction.Url when !dev.Exists:
                throw new MigrateException(FailureKind.Usage, $"there is no development database in {dev.Root} yet: run 'wayli-migrate dev start' first");
            case DevAction.Status when !dev.Exists:
                outcome.Notes.Add($"there is no development database in {dev.Root} yet: 'wayli-migrate dev start' creates one");
                break;
        }
        var running = await dev.IsRunningAsync(cancellationToken);
        if (action is DevAction.Url or DevAction.Status && dev.Exists && !running)
            outcome.Notes.Add("it is not running: 'wayli-migrate dev start' starts it");
        return new DevResult(action, dev.Root, dev.Exists, outcome.Created, running, outcome.Started, outcome.Stopped,
            dev.Exists ? dev.Database().Display : null, dev.Settings?.Port, dev.Settings?.Supabase ?? false,
            action == DevAction.Url ? dev.Url : null, outcome.Migrate, outcome.Seed, outcome.SeedFailed, outcome.Notes);
    }

    /// <summary>Creates the database when missing (then fills it as a reset would) and starts it.</summary>
    static async Task StartAsync(RunContext run, DevCluster dev, Outcome outcome, CancellationToken cancellationToken)
    {
        await dev.LockAsync(cancellationToken);
        if (!dev.Exists)
        {
            var seed = await CheckFilesAsync(run, cancellationToken);
            await CreateAndStartAsync(run, dev, outcome, cancellationToken);
            await FillAsync(run, dev, seed, outcome, cancellationToken);
            return;
        }
        await EnsureRunningAsync(dev, outcome, cancellationToken);
        if (run.Options.Supabase && !dev.Settings!.Supabase)
        {
            await SupabaseEnvironment.InstallAsync(dev.Database(), cancellationToken);
            dev.Remember(dev.Settings with { Supabase = true });
            outcome.Notes.Add("the Supabase environment was added to the database, and is remembered for this folder");
        }
    }

    /// <summary>Drops and recreates the database, then fills it: environment, migrations, seed.</summary>
    static async Task ResetAsync(RunContext run, DevCluster dev, Outcome outcome, CancellationToken cancellationToken)
    {
        await dev.LockAsync(cancellationToken);
        // Nothing is dropped for files that could not run anyway.
        var seed = await CheckFilesAsync(run, cancellationToken);
        if (!dev.Exists)
            await CreateAndStartAsync(run, dev, outcome, cancellationToken);
        else
            await EnsureRunningAsync(dev, outcome, cancellationToken);
        if (run.Options.Supabase && !dev.Settings!.Supabase)
            dev.Remember(dev.Settings with { Supabase = true });
        if (!outcome.Created)
        {
            // From template1: a database cannot be dropped by a session connected to it.
            await using var connection = await DatabaseConnector.OpenAsync(dev.Database("template1"), null, cancellationToken);
            foreach (var sql in (string[])[
                         $"DROP DATABASE IF EXISTS \"{DevCluster.DatabaseName}\" WITH (FORCE)",
                         $"CREATE DATABASE \"{DevCluster.DatabaseName}\" TEMPLATE template0"])
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await FillAsync(run, dev, seed, outcome, cancellationToken);
    }

    static async Task StopAsync(DevCluster dev, Outcome outcome, CancellationToken cancellationToken)
    {
        if (!dev.Exists)
        {
            outcome.Notes.Add($"there is no development database in {dev.Root}: nothing to stop");
            return;
        }
        await dev.LockAsync(cancellationToken);
        if (!await dev.IsRunningAsync(cancellationToken))
            return;
        await dev.StopAsync(cancellationToken);
        outcome.Stopped = true;
    }

    /// <summary>Refuses migrations and a seed with problems before anything changes; returns the seed, if there is one.</summary>
    static async Task<SeedFile?> CheckFilesAsync(RunContext run, CancellationToken cancellationToken)
    {
        if (System.IO.Directory.Exists(run.Options.Directory))
            await run.LoadValidAsync(lexNow: true, cancellationToken);
        var seed = SeedPath(run.Options);
        return File.Exists(seed) ? await SeedFile.ReadAsync(seed, cancellationToken) : null;
    }

    static async Task CreateAndStartAsync(RunContext run, DevCluster dev, Outcome outcome, CancellationToken cancellationToken)
    {
        await dev.CreateAsync(run.Options.Supabase, cancellationToken);
        outcome.Created = true;
        await EnsureRunningAsync(dev, outcome, cancellationToken);
    }

    static async Task EnsureRunningAsync(DevCluster dev, Outcome outcome, CancellationToken cancellationToken)
    {
        if (await dev.IsRunningAsync(cancellationToken))
            return;
        if (await dev.StartAsync(cancellationToken) is { } note)
            outcome.Notes.Add(note);
        outcome.Started = true;
    }

    /// <summary>An empty database gets the environment, the migrations, then the seed (unless a migration failed).</summary>
    static async Task FillAsync(RunContext run, DevCluster dev, SeedFile? seed, Outcome outcome, CancellationToken cancellationToken)
    {
        if (dev.Settings!.Supabase)
            await SupabaseEnvironment.InstallAsync(dev.Database(), cancellationToken);
        if (System.IO.Directory.Exists(run.Options.Directory))
        {
            var target = new RunContext(run.Options with { DatabaseUrl = dev.Url, WaitForDatabase = null }, run.Observer);
            outcome.Migrate = await new MigrateRun(target).RunAsync(cancellationToken);
        }
        else
        {
            outcome.Notes.Add($"there is no migrations folder {run.Options.Directory}: no migration was applied");
        }
        if (seed is null || outcome.Migrate is { Succeeded: false })
            return;
        outcome.Seed = seed.Path;
        outcome.SeedFailed = await seed.ApplyAsync(dev.Database(), cancellationToken);
    }

    /// <summary>The seed file: <c>seed.sql</c> beside the migrations folder (<c>supabase/seed.sql</c> for <c>supabase/migrations</c>).</summary>
    public static string SeedPath(MigrationOptions options) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Directory)) ?? ".", SeedFileName);

    /// <summary>What the action did, gathered as it goes.</summary>
    sealed class Outcome
    {
        public bool Created { get; set; }

        public bool Started { get; set; }

        public bool Stopped { get; set; }

        public MigrateResult? Migrate { get; set; }

        public string? Seed { get; set; }

        public MigrationError? SeedFailed { get; set; }

        public List<string> Notes { get; } = [];
    }
}
