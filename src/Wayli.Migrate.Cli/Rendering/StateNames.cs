using Wayli.Migrate.Planning;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>How a state is written, in text as in JSON.</summary>
internal static class StateNames
{
    public static string Of(MigrationState state) => state == MigrationState.OutOfOrder ? "out-of-order" : state.ToString().ToLowerInvariant();

    /// <summary><c>3 applied, 1 pending, …</c>.</summary>
    public static string Summary(MigrationPlan plan)
    {
        var counts = plan.Summary;
        return $"{counts.Applied} applied, {counts.Pending} pending, {counts.Failed} failed, {counts.Drifted} drifted, {counts.Missing} missing, "
            + $"{counts.OutOfOrder} out of order";
    }

    /// <summary>The plan's findings on stderr, as errors or warnings.</summary>
    public static async Task WriteFindingsAsync(CliContext context, MigrationPlan plan)
    {
        foreach (var finding in plan.Findings)
            await context.Error.WriteLineAsync($"{(finding.Blocking ? "error" : "warning")}: {finding.Message}");
    }
}
