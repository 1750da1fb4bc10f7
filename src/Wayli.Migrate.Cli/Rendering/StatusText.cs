using System.Globalization;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>status</c> for people: a line per version, the findings, a summary line.</summary>
internal static class StatusText
{
    public static async Task WriteAsync(CliContext context, StatusResult status)
    {
        await ErrorReport.WriteProblemsAsync(context, status.Problems, $"{status.Problems.Count} problem(s) in the migration files.");
        var output = context.Output;
        await output.WriteLineAsync($"Database {status.Database}, history table {status.HistoryTable}"
            + (status.History == HistoryShape.Missing ? " (not installed yet)" : ""));
        var entries = status.Plan.Entries;
        var stateWidth = entries.Count == 0 ? 0 : entries.Max(e => StateNames.Of(e.State).Length);
        var versionWidth = entries.Count == 0 ? 0 : entries.Max(e => e.VersionText.Length);
        var nameWidth = entries.Count == 0 ? 0 : entries.Max(e => e.Description.Length);
        foreach (var entry in entries)
            await output.WriteLineAsync(Line(entry, stateWidth, versionWidth, nameWidth).TrimEnd());
        await StateNames.WriteFindingsAsync(context, status.Plan);
        await output.WriteLineAsync(StateNames.Summary(status.Plan));
    }

    static string Line(PlanEntry entry, int stateWidth, int versionWidth, int nameWidth)
    {
        var detail = entry.State switch
        {
            MigrationState.Applied when entry.Applied is { } row => $"  {Applied(row)}",
            MigrationState.Failed => $"  last error: {FirstLine(entry.Applied?.ErrorMessage)}",
            MigrationState.Drifted => "  file changed since it was applied",
            MigrationState.Missing => "  no file with this version",
            MigrationState.Pending when entry.Applied is { Reverted: true } row =>
                $"  reverted {row.RevertedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)} by {row.RevertedBy}",
            MigrationState.Pending when entry.Repeatable && entry.Applied is { Success: true } => "  changed since it was last applied",
            _ => "",
        };
        return $"{StateNames.Of(entry.State).PadRight(stateWidth)}  {entry.VersionText.PadRight(versionWidth)}  {entry.Description.PadRight(nameWidth)}{detail}";
    }

    static string Applied(AppliedMigration row)
    {
        var when = row.AppliedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "?";
        var how = row.RecordedBy is null or "migrate" ? "" : $", recorded by {row.RecordedBy}";
        return (row.ExecutionTimeMs is { } ms ? $"{when} ({ms} ms{how})" : how.Length > 0 ? $"{when} ({how[2..]})" : when);
    }

    static string FirstLine(string? text) => text is null ? "(none recorded)" : text.Split('\n')[0];
}
