using System.CommandLine;
using Wayli.Migrate.Cli.Options;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>validate</c>: exits non-zero when anything stands between the files and a clean <c>migrate</c>: bad names or
/// contents, drift, files missing for applied versions, failed or out-of-order migrations. Without a database it
/// checks the files alone.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var command = new Command("validate", """
            Check files and history: exit 3 on bad names, drift, missing files, failed or out-of-order migrations

            Examples:
              wayli-migrate validate                   (files only, when no database is given)
              wayli-migrate validate --db-url URL --json
            """);
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.ValidateAsync(cancellationToken), result => result.Valid ? ExitCodes.Ok : ExitCodes.Validation));
        return command;
    }
}
