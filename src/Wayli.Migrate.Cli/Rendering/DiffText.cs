using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>diff</c> for people: with --stdout the migration itself; otherwise what it does, where it was written, and what it refused.</summary>
internal static class DiffText
{
    public static async Task WriteAsync(CliContext context, DiffResult result)
    {
        foreach (var note in result.Notes)
            await context.Error.WriteLineAsync($"note: {note}");
        if (result.UpToDate)
        {
            await context.Output.WriteLineAsync(Paint.Green(context, $"Nothing to write: the folder's migrations make the schema of {result.Database} (schemas: {string.Join(", ", result.Schemas)})."));
            return;
        }
        if (result.Refusals.Count > 0)
        {
            await context.Output.WriteLineAsync(Paint.Red(context, $"Nothing written: {result.Refusals.Count} difference(s) with {result.Database} cannot be written as a proved migration:"));
            foreach (var refusal in result.Refusals)
                await context.Output.WriteLineAsync($"  {refusal.Kind} {refusal.Identity}: {refusal.Reason}");
            return;
        }
        if (result.Files.Count == 0)
        {
            await context.Output.WriteAsync(result.Sql);
            return;
        }
        foreach (var step in result.Steps)
            await context.Output.WriteLineAsync($"  {step.Action} {step.Kind} {step.Identity}");
        var written = string.Join(" and ", result.Files.Select(f => Path.GetRelativePath(context.WorkingDirectory, f)));
        await context.Output.WriteLineAsync(Paint.Green(context, $"Wrote {written}: {result.Steps.Count} change(s), proved. Review, then commit."));
    }
}
