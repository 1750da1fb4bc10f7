using System.CommandLine;
using Wayli.Migrate.Cli.Options;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>plan</c>: a dry run. It connects, takes no lock, changes nothing, and prints what migrate would do; with
/// --sql, the exact SQL it would send, history writes included.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var sql = new Option<bool>("--sql") { Description = "Print the exact SQL migrate would send, history writes included" };
        var command = new Command("plan", """
            Show what migrate would do (each pending migration and its transaction mode) without changing anything

            Examples:
              wayli-migrate plan
              wayli-migrate plan --sql
            """)
        {
            sql,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.PlanAsync(parsed.GetValue(sql), cancellationToken),
            plan => plan.Plan.IsBlocked ? ExitCodes.Validation : ExitCodes.Ok));
        return command;
    }
}
