using System.CommandLine;
using Wayli.Migrate.Cli.Options;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>new DESCRIPTION</c>: creates the next migration file from a template and prints its path.</summary>
internal static class NewCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var description = new Argument<string>("DESCRIPTION") { Description = "What the migration does, e.g. \"add trips table\"" };
        var command = new Command("new", """
            Create YYYYMMDDHHMMSS_description.sql (UTC) with an idempotent template, and print its path

            Examples:
              wayli-migrate new "add trips table"
            """)
        {
            description,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.NewAsync(parsed.GetValue(description)!, DateTimeOffset.UtcNow, cancellationToken), _ => ExitCodes.Ok));
        return command;
    }
}
