using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Cli.Rendering;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>diff</c>: writes the migration that turns what the folder's migrations make into the database's schema, proved
/// first; exit 3 (and nothing written) when a difference cannot be expressed or is destructive and not allowed.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var name = new Option<string>("--name") { Description = "The new migration's description (default: diff)", DefaultValueFactory = _ => "diff", HelpName = "NAME" };
        var toUrl = new Option<string?>("--to-url") { Description = "Reproduce this database's schema instead of --db-url's (only read)", HelpName = "URL" };
        var toFile = new Option<string?>("--to-file") { Description = "Reproduce the schema this SQL file makes (applied to a scratch database of its own) instead of a database's", HelpName = "FILE" };
        var stdout = new Option<bool>("--stdout") { Description = "Print the migration instead of writing a file" };
        var destructive = new Option<bool>("--allow-destructive") { Description = "Also write what drops data or may (a dropped table or column, a type change)" };
        var command = new Command("diff", """
            Write the migration that turns what the folder's migrations make into the database's schema (a change made in Supabase
            Studio, say), proved on a scratch database before it is written; exit 3, writing nothing, for what it cannot express

            Examples:
              wayli-migrate diff --name add_trip_tags
              wayli-migrate diff --supabase --stdout
              wayli-migrate diff --to-url postgres://…@localhost:54322/postgres --name from_local --allow-destructive
              wayli-migrate diff --to-file schema.sql --stdout
            """)
        {
            name, toUrl, toFile, stdout, destructive,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(toUrl) is not null && result.GetResult(toFile) is not null)
                result.AddError("--to-url and --to-file name two schemas to reproduce: give one");
        });
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.DiffAsync(new DiffRequest(parsed.GetValue(name) ?? "diff", parsed.GetValue(toUrl), !parsed.GetValue(stdout), parsed.GetValue(destructive),
                    parsed.GetValue(toFile) is { } file ? Path.GetFullPath(Path.Combine(context.WorkingDirectory, file)) : null),
                context.Note, cancellationToken),
            result => result.Refusals.Count > 0 ? ExitCodes.Validation : ExitCodes.Ok));
        return command;
    }
}
