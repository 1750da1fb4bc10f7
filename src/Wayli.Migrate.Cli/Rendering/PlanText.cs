using Wayli.Migrate.History;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>plan</c> for people: what migrate would do, step by step, with the SQL when asked for.</summary>
internal static class PlanText
{
    public static async Task WriteAsync(CliContext context, PlanResult result)
    {
        await StateNames.WriteFindingsAsync(context, result.Plan);
        if (result.Plan.IsBlocked)
        {
            await context.Error.WriteLineAsync("migrate would apply nothing until these are resolved.");
            return;
        }
        var output = context.Output;
        if (result.History != HistoryShape.Current)
        {
            await output.WriteLineAsync(result.History == HistoryShape.Missing
                ? $"would install the history table {result.HistoryTable}, its row-level security and public.exec_sql"
                : $"would upgrade the history table {result.HistoryTable} in place");
            if (result.InstallSql is { } install)
                await output.WriteLineAsync(install);
        }
        for (var i = 0; i < result.Steps.Count; i++)
        {
            var step = result.Steps[i];
            var mode = step.InTransaction ? "in one transaction" : $"outside a transaction: {step.Reason}";
            await output.WriteLineAsync($"[{i + 1}/{result.Steps.Count}] would apply {step.File} ({mode})");
            if (step.Sql is { } sql)
                await output.WriteLineAsync(sql);
        }
        foreach (var callback in result.Callbacks)
            await output.WriteLineAsync($"would run callback {callback}");
        if (result.SingleTransaction)
            await output.WriteLineAsync("all of it in one transaction (--single-transaction): it commits whole or not at all");
        await output.WriteLineAsync(result.Steps.Count == 0 ? "Nothing to apply." : $"{result.Steps.Count} migration(s) would be applied; nothing was changed.");
        if (result.LeftBeyondTarget > 0)
            await output.WriteLineAsync($"{result.LeftBeyondTarget} pending migration(s) newer than --target would be left pending.");
    }
}
