using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Conversion;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// The commands that edit the history table without running migrations: <c>baseline</c>, <c>repair</c> and
/// <c>adopt</c>. Each prints every change; repair and adopt make them only with --yes.
/// </summary>
internal static class MaintenanceCommand
{
    public static Command CreateBaseline(CliContext context, OptionCatalog catalog)
    {
        var version = new Option<string>("--version") { Description = "Record every migration up to and including this version", Required = true, HelpName = "VERSION" };
        var command = new Command("baseline", """
            For a database whose schema already exists: record every migration up to V as applied, without running it

            Examples:
              wayli-migrate baseline --version 20250101120000
            """)
        {
            version,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed,
            (runner, _) => runner.BaselineAsync(ParseVersion(parsed.GetValue(version), "--version")!.Value, cancellationToken), ExitCode));
        return command;
    }

    public static Command CreateRepair(CliContext context, OptionCatalog catalog)
    {
        var yes = YesOption();
        var markApplied = new Option<string?>("--mark-applied") { Description = "Record this version as applied without running it", HelpName = "VERSION" };
        var markPending = new Option<string?>("--mark-pending") { Description = "Delete this version's row, so migrate applies it again", HelpName = "VERSION" };
        var command = new Command("repair", """
            Realign checksums to the files and delete failed attempts (or edit one row); prints every change, makes them with --yes

            Examples:
              wayli-migrate repair
              wayli-migrate repair --yes
              wayli-migrate repair --mark-applied 20250101120000 --yes
            """)
        {
            yes, markApplied, markPending,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, catalog, parsed, (runner, _) =>
        {
            var applied = ParseVersion(parsed.GetValue(markApplied), "--mark-applied");
            var pending = ParseVersion(parsed.GetValue(markPending), "--mark-pending");
            if (applied is not null && pending is not null)
                throw new MigrateException(FailureKind.Usage, "give --mark-applied or --mark-pending, not both");
            return runner.RepairAsync(parsed.GetValue(yes), applied, pending, cancellationToken);
        }, ExitCode));
        return command;
    }

    public static Command CreateAdopt(CliContext context, OptionCatalog catalog)
    {
        var yes = YesOption();
        var from = new Option<string>("--from") { Description = $"The tool whose history (and, with --source-dir, project) to adopt: {string.Join(", ", ForeignHistory.Sources)}", Required = true, HelpName = "TOOL" };
        from.AcceptOnlyFromAmong([.. ForeignHistory.Sources]);
        var sourceDir = new Option<string?>("--source-dir")
        {
            Description = $"The other tool's migrations folder: convert its files into --dir first ({string.Join(", ", ProjectConverter.Tools)})",
            HelpName = "DIR",
        };
        var flywaySchema = new Option<string>("--flyway-schema") { Description = "The schema of flyway_schema_history", DefaultValueFactory = _ => "public", HelpName = "SCHEMA" };
        var fromTable = new Option<string?>("--from-table")
        {
            Description = "The other tool's history table (TABLE or SCHEMA.TABLE) when it is not its default (goose_db_version, schema_migrations, flyway_schema_history)",
            HelpName = "TABLE",
        };
        var command = new Command("adopt", """
            Record as applied what another tool applied, so nothing runs twice; with --source-dir, convert its project first
            (goose, golang-migrate, dbmate, flyway). Prints every file and row; writes them with --yes

            Examples:
              wayli-migrate adopt --from supabase
              wayli-migrate adopt --from flyway --flyway-schema app --yes
              wayli-migrate adopt --from goose --source-dir db/migrations
              wayli-migrate adopt --from golang-migrate --source-dir migrations --yes
            """)
        {
            from, sourceDir, flywaySchema, fromTable, yes,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(sourceDir) is not null && result.GetValue(from) is { } tool && !ProjectConverter.Tools.Contains(tool))
                result.AddError($"--source-dir converts a project of {string.Join(", ", ProjectConverter.Tools)}, not {tool}");
        });
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => parsed.GetValue(sourceDir) is { } source
            ? CommandRunner.RunAsync(context, catalog, parsed,
                (runner, _) => runner.ConvertAsync(parsed.GetValue(from)!, context.ResolvePath(source), parsed.GetValue(flywaySchema)!, parsed.GetValue(fromTable),
                    parsed.GetValue(yes), cancellationToken),
                result => result.Refused ? ExitCodes.Validation : ExitCodes.Ok)
            : CommandRunner.RunAsync(context, catalog, parsed,
                (runner, _) => runner.AdoptAsync(parsed.GetValue(from)!, parsed.GetValue(flywaySchema)!, parsed.GetValue(yes), parsed.GetValue(fromTable), cancellationToken),
                ExitCode));
        return command;
    }

    static int ExitCode(MaintenanceResult result) => result.Refused ? ExitCodes.Validation : ExitCodes.Ok;

    internal static Option<bool> YesOption() => new("--yes") { Description = "Make the changes (without it, only print them)" };

    internal static MigrationVersion? ParseVersion(string? text, string option) =>
        text is null ? null
            : MigrationVersion.TryParse(text, out var version) ? version
            : throw new MigrateException(FailureKind.Usage, $"{option} '{text}' is not a version (digits, such as 20250101120000)");
}
