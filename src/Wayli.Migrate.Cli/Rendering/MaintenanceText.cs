using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>What a maintenance command changed, or would change without --yes.</summary>
internal static class MaintenanceText
{
    public static async Task WriteAsync(CliContext context, MaintenanceResult result)
    {
        foreach (var refusal in result.Refusals)
            await context.Error.WriteLineAsync($"{Paint.Red(context, "error")}: {refusal}");
        if (result.Refused)
        {
            await context.Error.WriteLineAsync("Nothing was changed.");
            return;
        }
        foreach (var note in result.Notes)
            await context.Output.WriteLineAsync($"note: {note}");
        foreach (var change in result.Changes)
            await context.Output.WriteLineAsync($"{(result.Applied ? "done" : "would")}: {change}");
        await context.Output.WriteLineAsync(result.Changes.Count == 0 ? "Nothing to change."
            : result.Applied ? $"{result.Changes.Count} change(s) made to the history table."
            : $"{result.Changes.Count} change(s) to make: run again with --yes to make them.");
    }
}
