using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>bootstrap</c> for people: what it changed, then where the infrastructure stands.</summary>
internal static class BootstrapText
{
    public static async Task WriteAsync(CliContext context, BootstrapResult result)
    {
        foreach (var change in result.Changes)
            await context.Output.WriteLineAsync($"  {change}");
        await context.Output.WriteLineAsync(result.Changes.Count == 0
            ? $"Infrastructure ready in {result.Database}: nothing needed changing."
            : $"Infrastructure ready in {result.Database}: {result.Changes.Count} change(s) made.");
    }
}
