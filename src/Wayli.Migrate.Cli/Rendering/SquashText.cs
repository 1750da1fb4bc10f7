using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>squash</c> for people: what was proved, and what was (or would be) written and moved.</summary>
internal static class SquashText
{
    public static async Task WriteAsync(CliContext context, SquashResult result)
    {
        var output = context.Output;
        foreach (var note in result.Notes)
            await context.Error.WriteLineAsync($"note: {note}");
        await output.WriteLineAsync($"Proved: {Path.GetFileName(result.File)} gives what its {result.Replaced.Count} migrations give "
            + $"({result.Objects} schema objects and the rows of {result.Tables} table(s) compared, all equal).");
        foreach (var file in result.Replaced)
            await output.WriteLineAsync($"  replaces {file}");
        var relative = Path.GetRelativePath(context.WorkingDirectory, result.File);
        if (!result.Applied)
        {
            await output.WriteLineAsync(Paint.Yellow(context, $"Nothing written: run again with --yes to write {relative} and move the {result.Replaced.Count} files aside."));
            return;
        }
        await output.WriteLineAsync(Paint.Green(context, $"Wrote {relative}; " + (result.MovedTo is { } aside
            ? $"moved the {result.Replaced.Count} files to {Path.GetRelativePath(context.WorkingDirectory, aside)}."
            : $"deleted the {result.Replaced.Count} files.")));
    }
}
