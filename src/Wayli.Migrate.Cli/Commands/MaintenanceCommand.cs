using System.CommandLine;
using Npgsql;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// The commands that edit the history table without running migrations: <c>baseline</c>, <c>repair</c> and
/// <c>adopt</c>. Each prints every change; repair and adopt make them only with --yes.
/// </summary>
internal static class MaintenanceCommand
{
    public static Command CreateBaseline(CliContext context, CommonOptions options)
    {
        var version = new Option<string>("--version") { Description = "Record every migration up to and including this version", Required = true, HelpName = "V" };
        var command = new Command("baseline", """
            For a database whose schema already exists: record every migration up to V as applied, without running it

            Examples:
              wayli-migrate baseline --version 20250101120000
            """)
        {
            version,
        };
        return WithAction(command, context, options, yes: null, "baseline", (parsed, set) =>
        {
            var upTo = ParseVersion(parsed.GetValue(version), "--version");
            return (rows, _) => Task.FromResult(MaintenancePlanner.Baseline(set.Migrations, rows, upTo));
        });
    }

    public static Command CreateRepair(CliContext context, CommonOptions options)
    {
        var yes = YesOption();
        var markApplied = new Option<string?>("--mark-applied") { Description = "Record this version as applied without running it", HelpName = "V" };
        var markPending = new Option<string?>("--mark-pending") { Description = "Delete this version's row, so migrate applies it again", HelpName = "V" };
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
        return WithAction(command, context, options, yes, "repair", (parsed, set) =>
        {
            var applied = parsed.GetValue(markApplied) is { } a ? ParseVersion(a, "--mark-applied") : (MigrationVersion?)null;
            var pending = parsed.GetValue(markPending) is { } p ? ParseVersion(p, "--mark-pending") : (MigrationVersion?)null;
            if (applied is not null && pending is not null)
                throw new MigrateException(FailureKind.Usage, "give --mark-applied or --mark-pending, not both");
            return (rows, _) => Task.FromResult(MaintenancePlanner.Repair(set.Migrations, rows, applied, pending));
        });
    }

    public static Command CreateAdopt(CliContext context, CommonOptions options)
    {
        var yes = YesOption();
        var from = new Option<string>("--from") { Description = "The tool whose history to adopt", Required = true, HelpName = "TOOL" };
        from.AcceptOnlyFromAmong([.. ForeignHistory.Sources]);
        var flywaySchema = new Option<string>("--flyway-schema") { Description = "The schema of flyway_schema_history", DefaultValueFactory = _ => "public" };
        var command = new Command("adopt", """
            Record as applied what another tool applied (supabase, flyway, database_migrations), so nothing runs twice

            Examples:
              wayli-migrate adopt --from supabase
              wayli-migrate adopt --from flyway --flyway-schema app --yes
            """)
        {
            from, flywaySchema, yes,
        };
        return WithAction(command, context, options, yes, null, (parsed, set) =>
        {
            var source = parsed.GetValue(from)!;
            return async (rows, connection) => MaintenancePlanner.Adopt(set.Migrations, rows,
                await ForeignHistory.ReadAsync(connection, source, parsed.GetValue(flywaySchema)!, CancellationToken.None), source);
        }, parsed => $"adopt from {parsed.GetValue(from)}");
    }

    static Option<bool> YesOption() => new("--yes") { Description = "Make the changes (without it, only print them)" };

    static Command WithAction(Command command, CliContext context, CommonOptions options, Option<bool>? yes, string? recordedBy,
        Func<ParseResult, MigrationSet, Func<IReadOnlyList<AppliedMigration>, NpgsqlConnection, Task<MaintenancePlan>>> decide,
        Func<ParseResult, string>? recordedByFor = null)
    {
        foreach (var option in (Option[])[options.DbUrl, options.Dir, options.Bundle, options.Schema, options.Table, options.LockTimeout, options.WaitForDb, options.Json])
            command.Add(option);
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var connection = inputs.Connection();
            var set = await inputs.LoadAsync(cancellationToken);
            if (await inputs.ReportProblemsAsync(set))
                return ExitCodes.Validation;
            var apply = yes is null || parsed.GetValue(yes);
            var plan = await new Migrator(inputs.MigratorOptions(connection)).MaintainAsync(decide(parsed, set), apply,
                recordedBy ?? recordedByFor!(parsed), new ConsoleObserver(context, quiet: true), cancellationToken);
            return await MaintenanceReport.WriteAsync(context, plan, apply, parsed.GetValue(options.Json));
        }, parsed.GetValue(options.Json)));
        return command;
    }

    static MigrationVersion ParseVersion(string? text, string option) =>
        MigrationVersion.TryParse(text, out var version) ? version
            : throw new MigrateException(FailureKind.Usage, $"{option} '{text}' is not a version (digits, such as 20250101120000)");
}
