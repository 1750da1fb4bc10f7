using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Cli.Rendering;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>drift</c>: is the database what its applied migrations make? Exit 0 when it is, 3 when something was added,
/// dropped or changed by hand. The database is only read.
/// </summary>
internal static class DriftCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var format = OutputFormat.Create("text, json (the same as --json), sarif (SARIF 2.1.0 for code scanning) or markdown (for a pull-request comment)",
            "text", "json", "sarif", "markdown");
        var command = new Command("drift", """
            Find what was changed in the database by hand: compare it, object by object, with what its applied migrations make
            (replayed on a scratch database of the same PostgreSQL version); exit 3 on drift. The database is only read.

            Examples:
              wayli-migrate drift
              wayli-migrate drift --supabase --format markdown > drift.md
              wayli-migrate drift --schemas public,auth --json
              wayli-migrate drift --scratch-url postgres://ci:…@scratch-db:5432/postgres --format sarif > drift.sarif
            """)
        {
            format,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) =>
        {
            var chosen = parsed.GetValue(format) ?? "text";
            return CommandRunner.RunAsync(context, catalog, parsed,
                (runner, _) => runner.DriftAsync(context.Note, cancellationToken),
                result => result.Drifted ? ExitCodes.Validation : ExitCodes.Ok,
                json: chosen == "json" || catalog.WantsJson(parsed),
                document: OutputFormat.Document<Runs.DriftResult>(chosen, context));
        });
        return command;
    }
}
