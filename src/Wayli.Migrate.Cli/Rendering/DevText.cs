using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>The lines of <c>dev</c>: what it did to the local database, and where that database is.</summary>
internal static class DevText
{
    public static async Task WriteAsync(CliContext context, DevResult result)
    {
        foreach (var note in result.Notes)
            await context.Error.WriteLineAsync($"note: {note}");
        if (result.Action == DevAction.Url)
        {
            // The URL is the result the user asked for, password included (the database listens on 127.0.0.1 only).
            await context.WriteUnredactedResultAsync(result.Url!);
            return;
        }
        if (result.Action == DevAction.Status)
        {
            await WriteStatusAsync(context, result);
            return;
        }
        var environment = result.Supabase ? " with the Supabase environment" : "";
        if (result.Created)
            await context.Output.WriteLineAsync($"Created the development database{environment}, in {result.Folder}");
        if (result.Stopped)
            await context.Output.WriteLineAsync($"Stopped {result.Database}; its data stays, in {result.Folder}");
        else if (result.Action == DevAction.Stop && result.Exists)
            await context.Output.WriteLineAsync($"{result.Database} was not running.");
        if (result.Action == DevAction.Reset && !result.Created)
            await context.Output.WriteLineAsync($"Dropped and recreated {result.Database}{environment}.");
        if (result.Migrate is { } migrate)
            await MigrateText.WriteAsync(context, migrate);
        if (result.SeedFailed is { } seedError)
        {
            ErrorReport.Write(context, seedError with { File = Shown(context, seedError.File) },
                "The seed was rolled back whole; the migrations stay applied. Fix the file and run 'wayli-migrate dev reset' again.");
        }
        else if (result.Seed is { } seed)
        {
            await context.Output.WriteLineAsync($"Seeded from {Shown(context, seed)}.");
        }
        if (result.Running && result.Action is DevAction.Start or DevAction.Reset)
        {
            var how = result.Started ? "Running" : "Already running";
            await context.Output.WriteLineAsync($"{how}: {result.Database}{environment}. Its URL: wayli-migrate dev url");
        }
    }

    /// <summary>A file of the project relative to the working folder, as the user would name it.</summary>
    static string Shown(CliContext context, string path) =>
        Path.GetRelativePath(context.WorkingDirectory, path) is var relative && !relative.StartsWith("..", StringComparison.Ordinal) ? relative : path;

    static async Task WriteStatusAsync(CliContext context, DevResult result)
    {
        await context.Output.WriteLineAsync($"folder    {result.Folder}");
        if (!result.Exists)
        {
            await context.Output.WriteLineAsync("database  (none yet)");
            return;
        }
        await context.Output.WriteLineAsync($"database  {result.Database}");
        await context.Output.WriteLineAsync($"running   {(result.Running ? "yes" : "no")}");
        await context.Output.WriteLineAsync($"supabase  {(result.Supabase ? "yes (the Supabase environment)" : "no")}");
    }
}
