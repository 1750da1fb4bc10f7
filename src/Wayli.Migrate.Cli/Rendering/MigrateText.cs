using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>The last lines of <c>migrate</c> (the progress lines came while it ran).</summary>
internal static class MigrateText
{
    public static async Task WriteAsync(CliContext context, MigrateResult result)
    {
        await StateNames.WriteFindingsAsync(context, result.Planned);
        if (result.Planned.IsBlocked)
        {
            await context.Error.WriteLineAsync("Nothing was applied.");
            return;
        }
        await context.Output.WriteLineAsync(Summary(result));
    }

    /// <summary>One line: what the run did and where the database stands.</summary>
    public static string Summary(MigrateResult result)
    {
        if (result.Failed is { } failure)
            return $"Stopped at {failure.File}: {result.Applied.Count} migration(s) applied before it, the rest not attempted.";
        if (result.CallbackFailed is { } callback)
            return $"Stopped at callback {callback.File} ({callback.Event}{(callback.After is null ? "" : $" after {callback.After}")}): "
                + $"{result.Applied.Count} migration(s) applied{(callback.Event == "beforeMigrate" ? ", none attempted" : " and kept")}.";
        var applied = result.Plan.Count(MigrationState.Applied);
        var beyondTarget = result.Plan.Entries.Count(e => e.BeyondTarget && e.Applied is null && e.Migration is not null);
        var state = beyondTarget > 0 ? $"at --target, {beyondTarget} newer migration(s) left pending" : "up to date";
        return result.Applied.Count == 0
            ? $"Database {result.Database} is {state}: {applied} migration(s) applied, nothing {(beyondTarget > 0 ? "else to apply" : "pending")}."
            : $"Applied {result.Applied.Count} migration(s); {result.Database} is {state} ({applied} applied).";
    }
}
