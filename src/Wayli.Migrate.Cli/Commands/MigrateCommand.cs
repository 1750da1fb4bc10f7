using System.CommandLine;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Execution;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>migrate</c>: applies pending migrations in order, each atomically, stopping at the first failure.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var command = new Command("migrate", "Apply pending migrations in version order (installs the infrastructure if missing)")
        {
            options.DbUrl, options.Dir, options.Schema, options.Table, options.CreateRoles,
            options.AllowDrift, options.OutOfOrder, options.LockTimeout, options.Json,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var connection = inputs.Connection();
            var migratorOptions = inputs.MigratorOptions(connection);
            var set = await inputs.LoadAsync(cancellationToken);
            if (await inputs.ReportProblemsAsync(set))
                return ExitCodes.Validation;
            var observer = new ConsoleObserver(context, quiet: inputs.Json);
            var result = await new Migrator(migratorOptions).MigrateAsync(set, observer, cancellationToken);
            var exitCode = result.Failure is not null ? ExitCodes.MigrationFailed
                : result.Plan.IsBlocked ? ExitCodes.Validation
                : ExitCodes.Ok;
            if (inputs.Json)
                await context.Output.WriteLineAsync(JsonReport.Migrate(result, connection.Display, migratorOptions.Table, exitCode));
            else
                await TextReport.WriteMigrateSummaryAsync(context, result, connection.Display);
            return exitCode;
        }));
        return command;
    }
}
