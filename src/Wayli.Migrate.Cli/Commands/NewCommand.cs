using System.CommandLine;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>new DESCRIPTION</c>: creates the next migration file from a template and prints its path.</summary>
internal static class NewCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var description = new Argument<string>("description") { Description = "What the migration does, e.g. \"add trips table\"" };
        var command = new Command("new", """
            Create YYYYMMDDHHMMSS_description.sql (UTC) with an idempotent template, and print its path

            Examples:
              wayli-migrate new "add trips table"
            """)
        {
            description, options.Dir,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var path = await NewMigration.CreateAsync(inputs.Directory, parsed.GetValue(description)!, DateTimeOffset.UtcNow, cancellationToken);
            await context.Output.WriteLineAsync(Path.GetRelativePath(context.WorkingDirectory, path));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
