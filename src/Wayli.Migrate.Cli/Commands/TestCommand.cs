using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Cli.Rendering;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>test</c>: files, the target's infrastructure and history, and a proof on a scratch database that every
/// migration can run twice. Exit 0 only when everything holds.
/// </summary>
internal static class TestCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var command = new Command("test", """
            Prove the migrations are intact, secure and idempotent (each applied twice on a scratch database)

            Examples:
              wayli-migrate test                      (files and idempotency, on a throwaway local PostgreSQL)
              wayli-migrate test --db-url URL         (also audits that database's infrastructure and history)
              wayli-migrate test --supabase --json
            """);
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed, (runner, _) =>
            {
                var json = catalog.WantsJson(parsed);
                return runner.TestAsync(note => context.Error.WriteLine(note),
                    result => { if (!json) TestText.WriteResult(context.Output, result); }, cancellationToken);
            },
            report => report.Passed ? ExitCodes.Ok : ExitCodes.Validation));
        return command;
    }
}
