using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>migrate --targets</c> for people: a table of each database's outcome and a summary line.</summary>
internal static class TargetsText
{
    public static async Task WriteAsync(CliContext context, TargetsResult result)
    {
        var outcomes = result.Outcomes;
        var shard = result.Shard is { } index ? $"shard {index}: {outcomes.Count} of the {result.Targets} target database(s); " : "";
        if (outcomes.Count == 0)
        {
            // A shard can be empty (a hash spreads few databases unevenly): it has nothing to do.
            await context.Output.WriteLineAsync($"{shard}nothing to migrate.");
            return;
        }
        var width = outcomes.Max(o => o.Database.Length);
        await context.Output.WriteLineAsync($"{"database".PadRight(width)}  outcome  applied  detail");
        foreach (var outcome in outcomes)
        {
            var (state, detail) = outcome switch
            {
                { Skipped: true } => ("skipped", "not started (--fail-fast)"),
                { ErrorMessage: { } error } => ("FAILED ", error.Split('\n')[0]),
                { Result.Failed: { } failure } => ("FAILED ", failure.Error.ToString().Split('\n')[0]),
                { Result.Planned.IsBlocked: true } => ("FAILED ", outcome.Result.Planned.Findings.First(f => f.Blocking).Message),
                _ => ("ok     ", ""),
            };
            await context.Output.WriteLineAsync($"{outcome.Database.PadRight(width)}  {state}  {outcome.Result?.Applied.Count ?? 0,7}  {detail}");
        }
        await context.Output.WriteLineAsync($"{shard}{result.Succeeded} of {outcomes.Count} database(s) at the wanted state"
            + (result.Succeeded == outcomes.Count ? "." : $"; {result.Skipped} skipped, {result.Failed} failed."));
    }

    /// <summary>One line as each database finishes.</summary>
    public static string Progress(TargetOutcome outcome) =>
        $"{(outcome.Succeeded ? "done" : outcome.Skipped ? "skipped" : "FAILED")}: {outcome.Database}";
}
