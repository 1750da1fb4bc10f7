using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Cli.Rendering;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Verification;

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
        var rehearse = new Option<bool>("--rehearse")
        {
            Description = "Apply the pending migrations to a scratch replay of the database and report the locks, rewrites and scans PostgreSQL shows for each statement (the database is only read)",
        };
        var failOn = new Option<string?>("--fail-on") { Description = "With --rehearse: exit 3 when a migration's risk is this or higher (high or medium)", HelpName = "LEVEL" };
        failOn.AcceptOnlyFromAmong("high", "medium");
        var format = OutputFormat.Create("With --rehearse: text, json (the same as --json) or markdown (for a pull-request comment)", "text", "json", "markdown");
        var range = new DownCommand.DownRange();
        var command = new Command("plan", """
            Show what migrate would do (each pending migration and its transaction mode) without changing anything

            Examples:
              wayli-migrate plan
              wayli-migrate plan --sql
              wayli-migrate plan --down --steps 1
              wayli-migrate plan --rehearse
              wayli-migrate plan --rehearse --supabase --fail-on high --format markdown > rehearsal.md
            """)
        {
            sql, down, range.Steps, range.To, rehearse, failOn, format,
        };
        range.Validate(command, when: down);
        command.Validators.Add(result =>
        {
            var rehearsing = result.GetValue(rehearse);
            if (rehearsing && (result.GetValue(sql) || result.GetValue(down)))
                result.AddError("--rehearse cannot be combined with --sql or --down");
            if (!rehearsing && (result.GetResult(failOn) is { Implicit: false } || result.GetResult(format) is { Implicit: false }))
                result.AddError("--fail-on and --format go with --rehearse");
        });
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => parsed.GetValue(rehearse) ? Rehearse(context, catalog, parsed, parsed.GetValue(failOn), parsed.GetValue(format) ?? "text", cancellationToken)
            : parsed.GetValue(down)
            ? CommandRunner.RunAsync(context, catalog, parsed,
                (runner, _) => runner.DownAsync(range.Request(parsed), apply: false, withSql: true, cancellationToken), DownCommand.ExitCode)
            : CommandRunner.RunAsync(context, catalog, parsed,
                (runner, _) => runner.PlanAsync(parsed.GetValue(sql), cancellationToken),
                plan => plan.Plan.IsBlocked ? ExitCodes.Validation : ExitCodes.Ok));
        return command;
    }

    static Task<int> Rehearse(CliContext context, OptionCatalog catalog, ParseResult parsed, string? failOn, string format, CancellationToken cancellationToken)
    {
        var threshold = failOn switch { "high" => RiskLevel.High, "medium" => RiskLevel.Medium, _ => (RiskLevel?)null };
        return CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.RehearseAsync(context.Note, cancellationToken),
            result => result.Failed ? ExitCodes.MigrationFailed : result.Refusals.Count > 0 ? ExitCodes.Validation : threshold is { } level && result.Risk >= level ? ExitCodes.Validation : ExitCodes.Ok,
            json: format == "json" || catalog.WantsJson(parsed),
            document: OutputFormat.Document<RehearsalResult>(format, context));
    }
}
