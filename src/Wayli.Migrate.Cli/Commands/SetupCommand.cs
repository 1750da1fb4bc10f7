using System.CommandLine;
using Wayli.Migrate.Cli.Options;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>setup</c>: prints the infrastructure SQL for a person to review and run by hand.</summary>
internal static class SetupCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var command = new Command("setup", """
            Print the SQL that 'bootstrap' runs (history table, RLS policy, exec_sql), to run by hand

            Examples:
              wayli-migrate setup > setup.sql
              wayli-migrate setup --schema ops --table migrations
            """);
        catalog.AddTo(command);
        command.SetAction((parsed, _) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => Task.FromResult(runner.Setup()), _ => ExitCodes.Ok));
        return command;
    }
}
