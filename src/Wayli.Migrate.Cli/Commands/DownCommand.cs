using System.CommandLine;
using System.CommandLine.Parsing;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>down</c>: reverts the newest applied migrations with their <c>-- migrate:down</c> parts. Without --yes it prints
/// what it would revert; <c>plan --down</c> prints the SQL too.
/// </summary>
internal static class DownCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var range = new DownRange();
        var yes = new Option<bool>("--yes") { Description = "Revert them (without it, only print what would be reverted)" };
        var command = new Command("down", """
            Revert the newest applied migrations with their -- migrate:down parts, newest first; prints the plan, reverts with --yes

            Examples:
              wayli-migrate down --steps 1
              wayli-migrate down --steps 1 --yes
              wayli-migrate down --to 20250101120000 --yes
              wayli-migrate plan --down --steps 2
            """)
        {
            range.Steps, range.To, yes,
        };
        range.Validate(command);
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.DownAsync(range.Request(parsed), parsed.GetValue(yes), withSql: false, cancellationToken), ExitCode));
        return command;
    }

    /// <summary>Refused: 3; a down part failed: 1; otherwise 0.</summary>
    public static int ExitCode(DownResult result) =>
        result.Refused ? ExitCodes.Validation : result.Failed is not null ? ExitCodes.MigrationFailed : ExitCodes.Ok;

    /// <summary>--steps and --to, declared once for <c>down</c> and <c>plan --down</c>.</summary>
    internal sealed class DownRange
    {
        public Option<int?> Steps { get; } = new("--steps") { Description = "Revert the newest N applied migrations", HelpName = "N" };

        public Option<string?> To { get; } = new("--to")
        {
            Description = "Revert every applied migration newer than this version (it stays applied); 0 reverts all",
            HelpName = "VERSION",
        };

        /// <summary>Requires exactly one of the two (when <paramref name="when"/> is set, only when it is).</summary>
        public void Validate(Command command, Option<bool>? when = null) => command.Validators.Add(result =>
        {
            if (when is not null && !result.GetValue(when))
            {
                if (result.GetResult(Steps) is not null || result.GetResult(To) is not null)
                    result.AddError("--steps and --to go with --down");
                return;
            }
            var (steps, to) = (result.GetResult(Steps) is not null, result.GetResult(To) is not null);
            if (steps == to)
                result.AddError("give --steps N or --to VERSION (one of them)");
            else if (steps && result.GetValue(Steps) is < 1)
                result.AddError("--steps must be 1 or more");
        });

        /// <summary>The request the command line makes.</summary>
        /// <exception cref="MigrateException">--to is not a version (<see cref="FailureKind.Usage"/>).</exception>
        public DownRequest Request(ParseResult parsed)
        {
            if (parsed.GetValue(Steps) is { } steps)
                return DownRequest.Newest(steps);
            var text = parsed.GetValue(To)!;
            return MigrationVersion.TryParse(text, out var version) ? DownRequest.Back(version)
                : throw new MigrateException(FailureKind.Usage, $"--to '{text}' is not a version (digits, such as 20250101120000, or 0)");
        }
    }
}
