using System.CommandLine;
using Wayli.Migrate.Cli.Options;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>squash --to VERSION</c>: one file in place of the migrations up to VERSION, proved to give the same schema and
/// rows first; with --yes it is written and the originals are moved aside (or deleted with --delete).
/// </summary>
internal static class SquashCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var to = new Option<string>("--to") { Description = "The last version to replace (it and every older migration become one file)", Required = true, HelpName = "VERSION" };
        var yes = MaintenanceCommand.YesOption();
        var delete = new Option<bool>("--delete") { Description = "With --yes: delete the replaced files instead of moving them to a folder beside the migrations" };
        var command = new Command("squash", """
            Replace the migrations up to VERSION with one file, VERSION_squashed.sql, proved on two scratch databases to give the
            same schema and rows; databases that applied the originals apply nothing twice. Writes it with --yes

            Examples:
              wayli-migrate squash --to 20250301000000
              wayli-migrate squash --to 20250301000000 --supabase --yes
            """)
        {
            to, yes, delete,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.SquashAsync(MaintenanceCommand.ParseVersion(parsed.GetValue(to), "--to")!.Value, parsed.GetValue(yes), parsed.GetValue(delete),
                cancellationToken),
            _ => ExitCodes.Ok));
        return command;
    }
}
