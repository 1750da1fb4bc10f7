using System.CommandLine;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Execution;
using Wayli.Migrate.History;
using Wayli.Migrate.Sql;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>plan</c>: a dry run. It connects, takes no lock, changes nothing, and prints what migrate would do; with
/// --sql, the exact SQL it would send, history writes included.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var sql = new Option<bool>("--sql") { Description = "Print the exact SQL migrate would send, history writes included" };
        var command = new Command("plan", """
            Show what migrate would do (each pending migration and its transaction mode) without changing anything

            Examples:
              wayli-migrate plan
              wayli-migrate plan --sql
            """)
        {
            options.DbUrl, options.Dir, options.Bundle, options.Schema, options.Table, options.AllowDrift, options.OutOfOrder,
            options.Target, options.StatementLockTimeout, options.StatementTimeout, options.WaitForDb, sql,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var connection = inputs.Connection();
            var migratorOptions = inputs.MigratorOptions(connection);
            var set = await inputs.LoadAsync(cancellationToken);
            if (await inputs.ReportProblemsAsync(set))
                return ExitCodes.Validation;
            var status = await new Migrator(migratorOptions).StatusAsync(set, new ConsoleObserver(context, quiet: true), cancellationToken);
            foreach (var finding in status.Plan.Findings)
                await context.Error.WriteLineAsync($"{(finding.Blocking ? "error" : "warning")}: {finding.Message}");
            if (status.Plan.IsBlocked)
            {
                await context.Error.WriteLineAsync("migrate would apply nothing until these are resolved.");
                return ExitCodes.Validation;
            }
            await WriteAsync(context, status, migratorOptions, parsed.GetValue(sql));
            return ExitCodes.Ok;
        }));
        return command;
    }

    static async Task WriteAsync(CliContext context, StatusResult status, MigratorOptions options, bool withSql)
    {
        var output = context.Output;
        if (ExecutionPreview.Bootstrap(status.History, options.Table) is { } bootstrap)
        {
            await output.WriteLineAsync(status.History == HistoryShape.Missing
                ? $"would install the history table {options.Table}, its row-level security and public.exec_sql"
                : $"would upgrade the history table {options.Table} in place");
            if (withSql)
                await output.WriteLineAsync(bootstrap);
        }
        var steps = status.Plan.ToApply.ToList();
        var settings = new SessionSettings(options.StatementLockTimeout, options.StatementTimeout);
        for (var i = 0; i < steps.Count; i++)
        {
            var migration = steps[i].Migration!;
            var mode = migration.Transaction.Mode == TransactionMode.Transactional
                ? "in one transaction"
                : $"outside a transaction: {migration.Transaction.Reason}";
            await output.WriteLineAsync($"[{i + 1}/{steps.Count}] would apply {migration.FileName} ({mode})");
            if (withSql)
                await output.WriteLineAsync(ExecutionPreview.Render(migration, steps[i].VersionText, options.Table, settings, isLast: i == steps.Count - 1));
        }
        var beyond = status.Plan.Entries.Count(e => e.BeyondTarget && e.Migration is not null && e.Applied is null);
        await output.WriteLineAsync(steps.Count == 0 ? "Nothing to apply." : $"{steps.Count} migration(s) would be applied; nothing was changed.");
        if (beyond > 0)
            await output.WriteLineAsync($"{beyond} pending migration(s) newer than --target would be left pending.");
    }
}
