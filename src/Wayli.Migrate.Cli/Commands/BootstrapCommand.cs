using System.CommandLine;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>bootstrap</c>: installs or upgrades the infrastructure, under the migration lock.</summary>
internal static class BootstrapCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var command = new Command("bootstrap", """
            Install the history table, its row-level security and exec_sql (safe to repeat)

            Examples:
              wayli-migrate bootstrap --db-url URL
              wayli-migrate bootstrap --create-roles
            """)
        {
            options.DbUrl, options.Schema, options.Table, options.CreateRoles, options.LockTimeout, options.WaitForDb, options.Json,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var connection = inputs.Connection();
            var migrator = new Migrator(inputs.MigratorOptions(connection));
            var json = parsed.GetValue(options.Json);
            var before = await migrator.BootstrapAsync(new ConsoleObserver(context, quiet: json), cancellationToken);
            var message = $"Infrastructure ready in {connection.Display}.";
            await context.Output.WriteLineAsync(json
                ? JsonReport.Outcome(message, ("database", connection.Display), ("historyBefore", before.ToString()))
                : message);
            return ExitCodes.Ok;
        }, parsed.GetValue(options.Json)));
        return command;
    }
}
