using System.CommandLine;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>validate</c>: exits non-zero when anything stands between the files and a clean <c>migrate</c>: bad names or
/// contents, drift, files missing for applied versions, failed or out-of-order migrations. Without a database it
/// checks the files alone.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var command = new Command("validate", """
            Check files and history: exit 3 on bad names, drift, missing files, failed or out-of-order migrations

            Examples:
              wayli-migrate validate                   (files only, when no database is given)
              wayli-migrate validate --db-url URL --json
            """)
        {
            options.DbUrl, options.Dir, options.Bundle, options.Schema, options.Table, options.Json, options.OutOfOrder, options.WaitForDb,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var connection = inputs.OptionalConnection();
            var set = await inputs.LoadAsync(cancellationToken);
            var problems = await inputs.ReportProblemsAsync(set);
            if (connection is null)
            {
                await context.Output.WriteLineAsync(problems
                    ? "Files are not valid (no database given, so history was not checked)."
                    : $"{set.Migrations.Count} migration file(s) valid (no database given, so history was not checked).");
                return problems ? ExitCodes.Validation : ExitCodes.Ok;
            }
            var migratorOptions = inputs.MigratorOptions(connection);
            var status = await new Migrator(migratorOptions).StatusAsync(set, new ConsoleObserver(context, quiet: true), cancellationToken);
            var findings = ValidationFindings(status.Plan).ToList();
            if (inputs.Json)
                await context.Output.WriteLineAsync(JsonReport.Status(status, set, connection.Display, migratorOptions.Table));
            foreach (var finding in findings)
                await context.Error.WriteLineAsync($"error: {finding}");
            var valid = !problems && findings.Count == 0;
            if (!inputs.Json)
            {
                await context.Output.WriteLineAsync(valid
                    ? $"Valid: {set.Migrations.Count} file(s), {status.Plan.Count(MigrationState.Applied)} applied, {status.Plan.ToApply.Count()} pending."
                    : $"Not valid: {set.Problems.Count + findings.Count} problem(s).");
            }
            return valid ? ExitCodes.Ok : ExitCodes.Validation;
        }, parsed.GetValue(options.Json)));
        return command;
    }

    /// <summary>Everything in the plan that validation treats as an error.</summary>
    static IEnumerable<string> ValidationFindings(MigrationPlan plan)
    {
        foreach (var finding in plan.Findings)
        {
            if (finding.Blocking || plan.Entries.Any(e => e.VersionText == finding.VersionText && e.State == MigrationState.Missing))
                yield return finding.Message;
        }
        foreach (var entry in plan.Entries.Where(e => e.State == MigrationState.Failed))
            yield return $"{entry.Migration!.FileName} failed when last applied: {entry.Applied!.ErrorMessage}";
    }
}
