using System.CommandLine;
using Wayli.Migrate.Cli.Options;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>status</c>: one line per version, read without a lock and without writing.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var command = new Command("status", """
            Show every migration's state; changes nothing and takes no lock

            Examples:
              wayli-migrate status
              wayli-migrate status --json
            """);
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.StatusAsync(cancellationToken), status => status.Problems.Count > 0 ? ExitCodes.Validation : ExitCodes.Ok));
        return command;
    }
}
