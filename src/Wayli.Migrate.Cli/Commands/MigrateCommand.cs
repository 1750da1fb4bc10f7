using System.CommandLine;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>migrate</c>: applies pending migrations in order, each atomically, stopping at the first failure.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var command = new Command("migrate", """
            Apply pending migrations in version order (installs the infrastructure if missing)

            Examples:
              wayli-migrate migrate --db-url postgres://postgres:…@localhost:5432/postgres
              wayli-migrate migrate --wait-for-db 60s --statement-lock-timeout 5s
              wayli-migrate migrate --target 20250101120000
              wayli-migrate migrate --targets tenants.txt --parallel 8
            """)
        {
            options.Dir, options.Bundle,
        };
        return WithAction(command, context, options);
    }

    /// <summary><c>run --bundle FILE</c>: the production form of migrate, applying exactly the verified bundle.</summary>
    public static Command CreateRun(CliContext context, CommonOptions options)
    {
        var bundle = new Option<string?>("--bundle") { Description = "The bundle written by 'build'", HelpName = "FILE", Required = true };
        var command = new Command("run", """
            Apply a bundle written by 'build', after verifying every checksum and the set digest

            Examples:
              wayli-migrate run --bundle dist/migrations.bundle.json --wait-for-db 120s
            """) { bundle };
        return WithAction(command, context, options, bundle);
    }

    static Command WithAction(Command command, CliContext context, CommonOptions options, Option<string?>? bundle = null)
    {
        foreach (var option in (Option[])[options.DbUrl, options.Schema, options.Table, options.CreateRoles,
                     options.AllowDrift, options.OutOfOrder, options.Target, options.LockTimeout, options.WaitForDb,
                     options.StatementLockTimeout, options.StatementTimeout, options.LockRetries, options.Json])
        {
            command.Add(option);
        }
        var targets = new TargetsMigration();
        foreach (var option in targets.Options)
            command.Add(option);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed, bundle);
            if (targets.IsRequested(parsed))
            {
                var all = await inputs.LoadAsync(cancellationToken);
                return await inputs.ReportProblemsAsync(all) ? ExitCodes.Validation : await targets.RunAsync(context, inputs, parsed, all, cancellationToken);
            }
            var loading = inputs.LoadAsync(cancellationToken, lexNow: false);
            ConnectionSettings connection;
            try
            {
                connection = inputs.Connection();
            }
            catch (MigrateException)
            {
                // The files' problems come first, as when nothing overlaps.
                if (await inputs.ReportProblemsAsync(await loading))
                    return ExitCodes.Validation;
                throw;
            }
            var migratorOptions = inputs.MigratorOptions(connection);
            var observer = new ConsoleObserver(context, quiet: inputs.Json);
            var migrator = new Migrator(migratorOptions);
            // Connecting and reading the history overlap reading the files; nothing is written before both are done.
            using var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var probing = migrator.ProbeAsync(observer, stopProbe.Token);
            MigrationSet set;
            try
            {
                set = await loading;
            }
            catch
            {
                await AbandonAsync(probing, stopProbe);
                throw;
            }
            if (await inputs.ReportProblemsAsync(set))
            {
                await AbandonAsync(probing, stopProbe);
                return ExitCodes.Validation;
            }
            var result = await migrator.MigrateAsync(set, await probing, observer, cancellationToken);
            var exitCode = result.Failure is not null ? ExitCodes.MigrationFailed
                : result.Plan.IsBlocked ? ExitCodes.Validation
                : ExitCodes.Ok;
            if (inputs.Json)
                await context.Output.WriteLineAsync(JsonReport.Migrate(result, connection.Display, migratorOptions.Table, exitCode));
            else
                await TextReport.WriteMigrateSummaryAsync(context, result, connection.Display);
            return exitCode;
        }, parsed.GetValue(options.Json)));
        return command;
    }

    /// <summary>Stops a probe whose run will not happen (the files have problems) and closes its connection, if any.</summary>
    static async Task AbandonAsync(Task<HistoryProbe> probing, CancellationTokenSource stop)
    {
        await stop.CancelAsync();
        try
        {
            await (await probing).DisposeAsync();
        }
        catch (Exception e) when (e is MigrateException or OperationCanceledException or Npgsql.NpgsqlException)
        {
            // The files' problems are what the user is told about; the database was never touched.
        }
    }
}
