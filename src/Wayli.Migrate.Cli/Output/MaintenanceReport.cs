using Wayli.Migrate.Planning;

namespace Wayli.Migrate.Cli.Output;

/// <summary>Prints what a maintenance command changed, or would change without --yes, and returns the exit code.</summary>
internal static class MaintenanceReport
{
    public static async Task<int> WriteAsync(CliContext context, MaintenancePlan plan, bool applied, bool json)
    {
        if (json)
        {
            await context.Output.WriteLineAsync(JsonReport.Maintenance(plan, applied));
            return plan.IsRefused ? ExitCodes.Validation : ExitCodes.Ok;
        }
        foreach (var refusal in plan.Refusals)
            await context.Error.WriteLineAsync($"error: {refusal}");
        if (plan.IsRefused)
        {
            await context.Error.WriteLineAsync("Nothing was changed.");
            return ExitCodes.Validation;
        }
        foreach (var note in plan.Notes)
            await context.Output.WriteLineAsync($"note: {note}");
        foreach (var change in plan.Changes)
            await context.Output.WriteLineAsync($"{(applied ? "done" : "would")}: {change}");
        await context.Output.WriteLineAsync(plan.Changes.Count == 0 ? "Nothing to change."
            : applied ? $"{plan.Changes.Count} change(s) made to the history table."
            : $"{plan.Changes.Count} change(s) to make: run again with --yes to make them.");
        return ExitCodes.Ok;
    }
}
