using System.CommandLine;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>status</c>: one line per migration — applied, pending, failed, drifted, missing, out of order.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var command = new Command("status", """
            Show every migration's state; changes nothing and takes no lock

            Examples:
              wayli-migrate status
              wayli-migrate status --json
            """)
        {
            options.DbUrl, options.Dir, options.Bundle, options.Schema, options.Table, options.Json, options.AllowDrift, options.OutOfOrder, options.WaitForDb,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var connection = inputs.Connection();
            var migratorOptions = inputs.MigratorOptions(connection);
            var set = await inputs.LoadAsync(cancellationToken);
            var hasProblems = await inputs.ReportProblemsAsync(set);
            var status = await new Migrator(migratorOptions).StatusAsync(set, new ConsoleObserver(context, quiet: true), cancellationToken);
            if (inputs.Json)
                await context.Output.WriteLineAsync(JsonReport.Status(status, set, connection.Display, migratorOptions.Table));
            else
                await TextReport.WriteStatusAsync(context, status, connection.Display, migratorOptions.Table);
            return hasProblems ? ExitCodes.Validation : ExitCodes.Ok;
        }, parsed.GetValue(options.Json)));
        return command;
    }
}
