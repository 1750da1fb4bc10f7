using System.CommandLine;
using Wayli.Migrate.Cli.Options;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>plan</c>: a dry run. It connects, takes no lock, changes nothing, and prints what migrate would do; with
/// --sql, the exact SQL it would send, history writes included; with --down, what down would revert, and its SQL.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var sql = new Option<bool>("--sql") { Description = "Print the exact SQL migrate would send, history writes included" };
        var down = new Option<bool>("--down") { Description = "Show what down --steps N or --to VERSION would revert, with the SQL of each down part" };
        var range = new DownCommand.DownRange();
        var command = new Command("plan", """
            Show what migrate would do (each pending migration and its transaction mode) without changing anything

            Examples:
              wayli-migrate plan
              wayli-migrate plan --sql
              wayli-migrate plan --down --steps 1
            """)
        {
            sql, down, range.Steps, range.To,
        };
        range.Validate(command, when: down);
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => parsed.GetValue(down)
            ? CommandRunner.RunAsync(context, catalog, parsed,
                (runner, _) => runner.DownAsync(range.Request(parsed), apply: false, withSql: true, cancellationToken), DownCommand.ExitCode)
            : CommandRunner.RunAsync(context, catalog, parsed,
                (runner, _) => runner.PlanAsync(parsed.GetValue(sql), cancellationToken),
                plan => plan.Plan.IsBlocked ? ExitCodes.Validation : ExitCodes.Ok));
        return command;
    }
}
