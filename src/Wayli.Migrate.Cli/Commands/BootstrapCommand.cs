using System.CommandLine;
using Wayli.Migrate.Cli.Options;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>bootstrap</c>: installs or upgrades the infrastructure, under the migration lock.</summary>
internal static class BootstrapCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var command = new Command("bootstrap", """
            Install the history table, its row-level security and exec_sql (safe to repeat)

            Examples:
              wayli-migrate bootstrap --db-url URL
              wayli-migrate bootstrap --create-roles
            """);
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.BootstrapAsync(cancellationToken), _ => ExitCodes.Ok));
        return command;
    }
}
