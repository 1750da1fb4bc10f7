using System.CommandLine;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>build</c>: checks the migrations folder and writes it as one deterministic, verifiable bundle.</summary>
internal static class BuildCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var output = new Option<string>("--out") { Description = "The folder to write the bundle into", DefaultValueFactory = _ => "dist", HelpName = "DIR" };
        var command = new Command("build", $"""
            Check the migrations and write them, with checksums and a set digest, to DIR/{MigrationBundle.FileName}

            Examples:
              wayli-migrate build --out dist
              wayli-migrate build --dir db/migrations --out artifacts --json
            """)
        {
            options.Dir, output, options.Json,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var set = await MigrationDirectory.LoadAsync(inputs.Directory, cancellationToken);
            if (await inputs.ReportProblemsAsync(set))
                return ExitCodes.Validation;
            var bytes = MigrationBundle.Write(set, ToolVersion.Current);
            var folder = context.ResolvePath(parsed.GetValue(output)!);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, MigrationBundle.FileName);
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            var digest = MigrationBundle.Digest(set.Migrations.Select(m => (m.Name.VersionText, m.FileName, m.Checksum)));
            var message = $"Wrote {path}: {set.Migrations.Count} migration(s), digest {digest}.";
            await context.Output.WriteLineAsync(parsed.GetValue(options.Json)
                ? JsonReport.Outcome(message, ("bundle", path), ("digest", digest), ("migrations", set.Migrations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                : message);
            return ExitCodes.Ok;
        }, parsed.GetValue(options.Json)));
        return command;
    }
}
