using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>build</c>: checks the migrations folder and writes it as one deterministic, verifiable bundle.</summary>
internal static class BuildCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var output = new Option<string>("--out") { Description = "The folder to write the bundle into", DefaultValueFactory = _ => "dist", HelpName = "DIR" };
        var command = new Command("build", $"""
            Check the migrations and write them, with checksums and a set digest, to DIR/{MigrationBundle.FileName}

            Examples:
              wayli-migrate build --out dist
              wayli-migrate build --dir db/migrations --out artifacts --json
            """)
        {
            output,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.BuildAsync(context.ResolvePath(parsed.GetValue(output)!), cancellationToken), _ => ExitCodes.Ok));
        return command;
    }
}
