using System.Globalization;
using Wayli.Migrate.Execution;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Output;

/// <summary>Plain-text renderings of results, one line per migration.</summary>
internal static class TextReport
{
    public static async Task WriteStatusAsync(CliContext context, StatusResult status, string database, HistoryTable table)
    {
        var output = context.Output;
        await output.WriteLineAsync($"Database {database}, history table {table}" + (status.History == HistoryShape.Missing ? " (not installed yet)" : ""));
        var versionWidth = status.Plan.Entries.Count == 0 ? 0 : status.Plan.Entries.Max(e => e.VersionText.Length);
        var nameWidth = status.Plan.Entries.Count == 0 ? 0 : status.Plan.Entries.Max(e => e.Description.Length);
        foreach (var entry in status.Plan.Entries)
            await output.WriteLineAsync(Line(entry, versionWidth, nameWidth).TrimEnd());
        foreach (var finding in status.Plan.Findings)
            await context.Error.WriteLineAsync($"{(finding.Blocking ? "error" : "warning")}: {finding.Message}");
        await output.WriteLineAsync(Summary(status.Plan));
    }

    public static async Task WriteMigrateSummaryAsync(CliContext context, MigrateResult result, string database)
    {
        foreach (var finding in result.Plan.Findings)
            await context.Error.WriteLineAsync($"{(finding.Blocking ? "error" : "warning")}: {finding.Message}");
        if (result.Plan.IsBlocked)
        {
            await context.Error.WriteLineAsync("Nothing was applied.");
            return;
        }
        if (result.Failure is { } failure)
        {
            await context.Output.WriteLineAsync(
                $"Stopped at {failure.Migration.FileName}: {result.Applied.Count} migration(s) applied before it, the rest not attempted.");
            return;
        }
        var applied = result.Plan.Count(MigrationState.Applied) + result.Applied.Count;
        var beyondTarget = result.Plan.Entries.Count(e => e.BeyondTarget && e.Applied is null && e.Migration is not null);
        var state = beyondTarget > 0 ? $"at --target, {beyondTarget} newer migration(s) left pending" : "up to date";
        await context.Output.WriteLineAsync(result.Applied.Count == 0
            ? $"Database {database} is {state}: {applied} migration(s) applied, nothing {(beyondTarget > 0 ? "else to apply" : "pending")}."
            : $"Applied {result.Applied.Count} migration(s); {database} is {state} ({applied} applied).");
    }

    static string Line(PlanEntry entry, int versionWidth, int nameWidth)
    {
        var state = StateName(entry.State).PadRight(12);
        var version = entry.VersionText.PadRight(versionWidth);
        var detail = entry.State switch
        {
            MigrationState.Applied when entry.Applied is { } row => $"  {Applied(row)}",
            MigrationState.Failed => $"  last error: {FirstLine(entry.Applied?.ErrorMessage)}",
            MigrationState.Drifted => "  file changed since it was applied",
            MigrationState.Missing => "  no file with this version",
            _ => "",
        };
        return $"{state}{version}  {entry.Description.PadRight(nameWidth)}{detail}";
    }

    static string Applied(AppliedMigration row)
    {
        var when = row.AppliedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "?";
        return row.ExecutionTimeMs is { } ms ? $"{when} ({ms} ms)" : when;
    }

    static string FirstLine(string? text) => text is null ? "(none recorded)" : text.Split('\n')[0];

    public static string StateName(MigrationState state) => state switch
    {
        MigrationState.Applied => "applied",
        MigrationState.Pending => "pending",
        MigrationState.Failed => "failed",
        MigrationState.Drifted => "drifted",
        MigrationState.Missing => "missing",
        MigrationState.OutOfOrder => "out-of-order",
        _ => state.ToString(),
    };

    public static string Summary(MigrationPlan plan) =>
        $"{plan.Count(MigrationState.Applied)} applied, {plan.Count(MigrationState.Pending)} pending, {plan.Count(MigrationState.Failed)} failed, "
        + $"{plan.Count(MigrationState.Drifted)} drifted, {plan.Count(MigrationState.Missing)} missing, {plan.Count(MigrationState.OutOfOrder)} out of order";
}
