using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>dev start | stop | status | reset | url</c>: the project's local development database, a PostgreSQL kept in a
/// git-ignored folder of the project, with the Supabase environment when asked (no Docker).
/// </summary>
internal static class DevCommand
{
    static readonly string[] Actions = ["start", "stop", "status", "reset", "url"];

    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var action = new Argument<string>("ACTION")
        {
            Description = "start (create when missing, then migrate and seed it), stop, status, reset (drop, recreate, migrate, seed), url",
        };
        action.AcceptOnlyFromAmong(Actions);
        // The choices are in the description; the usage line names the argument, as every placeholder, in capitals.
        action.HelpName = "ACTION";
        var command = new Command("dev", """
            A local PostgreSQL for development, kept in the project (.wayli-migrate/dev, git-ignored); no Docker

            Examples:
              wayli-migrate dev start --supabase     # create it with Supabase's roles, auth and storage; migrate; seed
              wayli-migrate dev reset                # drop and recreate it, apply supabase/migrations, run supabase/seed.sql
              export DATABASE_URL="$(wayli-migrate dev url)"
              wayli-migrate dev status
              wayli-migrate dev stop
            """)
        {
            action,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.DevAsync(Enum.Parse<DevAction>(parsed.GetValue(action)!, ignoreCase: true), cancellationToken),
            ExitCode));
        return command;
    }

    static int ExitCode(DevResult result) =>
        result.Migrate is { Failed: not null } || result.SeedFailed is not null ? ExitCodes.MigrationFailed
        : result.Migrate is { Planned.IsBlocked: true } ? ExitCodes.Validation
        : ExitCodes.Ok;
}
