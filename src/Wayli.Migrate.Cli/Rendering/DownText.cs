using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>down</c> (and <c>plan --down</c>) for people: the range, newest first, with the SQL when asked for; or why it is refused.</summary>
internal static class DownText
{
    public static async Task WriteAsync(CliContext context, DownResult result)
    {
        foreach (var refusal in result.Refusals)
            await context.Error.WriteLineAsync($"{Paint.Red(context, "error")}: {refusal}");
        if (result.Refused)
        {
            await context.Error.WriteLineAsync("Nothing was reverted.");
            return;
        }
        foreach (var note in result.Notes)
            await context.Output.WriteLineAsync($"note: {note}");
        if (!result.Applied)
        {
            for (var i = 0; i < result.Steps.Count; i++)
            {
                var step = result.Steps[i];
                var mode = step.InTransaction ? "in one transaction with its history change" : $"outside a transaction: {step.Reason}";
                await context.Output.WriteLineAsync($"[{i + 1}/{result.Steps.Count}] would revert {step.File} ({mode})");
                if (step.Sql is { } sql)
                    await context.Output.WriteLineAsync(sql);
            }
            if (result.Steps.Count > 0)
                await context.Output.WriteLineAsync($"{result.Steps.Count} migration(s) would be reverted; nothing was changed (down --yes reverts them).");
            return;
        }
        var reverted = result.Steps.Count(s => s.Reverted);
        await context.Output.WriteLineAsync(result.Failed is { } failure
            ? $"Stopped at {failure.File}: {reverted} migration(s) reverted before it, the rest not attempted."
            : $"Reverted {reverted} migration(s) on {result.Database}; migrate applies them again.");
    }
}
