using Wayli.Migrate.Conversion;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>adopt --source-dir</c> for people: every file it writes (or would), where it comes from, then the history rows.</summary>
internal static class ConversionText
{
    public static async Task WriteAsync(CliContext context, ConversionResult result)
    {
        await ErrorReport.WriteProblemsAsync(context, result.Problems, $"{result.Problems.Count} problem(s) converting {result.SourceDirectory}; nothing was written.");
        if (result.Problems.Count > 0)
            return;
        foreach (var note in result.Notes)
            await context.Output.WriteLineAsync($"note: {note}");
        var verb = result.Written ? "wrote" : "would write";
        foreach (var file in result.Files)
        {
            var target = Path.GetRelativePath(context.WorkingDirectory, Path.Combine(result.Directory, file.File));
            var action = result.Unchanged.Contains(file.File) ? "unchanged" : verb;
            await context.Output.WriteLineAsync($"{action}: {target}  ({Describe(file)})");
        }
        if (result.History is { } history)
            await MaintenanceText.WriteAsync(context, history);
        else if (result.Written)
            await context.Output.WriteLineAsync($"{result.Files.Count - result.Unchanged.Count} file(s) written.");
        else
            await context.Output.WriteLineAsync($"{result.Files.Count - result.Unchanged.Count} file(s) to write: run again with --yes to write them.");
    }

    static string Describe(ConvertedFile file)
    {
        var parts = new List<string> { $"from {string.Join(" + ", file.From)}" };
        if (file.OriginalVersion is { } original && file.Version is { } version)
            parts.Add(original == version ? $"version {version}" : $"version {original} → {version}");
        if (file.HasDown)
            parts.Add("with a down part");
        if (file.NoTransaction)
            parts.Add("-- migrate:no-transaction");
        return string.Join("; ", parts);
    }
}
