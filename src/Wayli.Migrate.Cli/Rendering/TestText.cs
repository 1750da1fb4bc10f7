using Wayli.Migrate.Runs;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>The human report of <c>test</c>: a line per migration as the proof goes, findings, and a one-line verdict.</summary>
internal static class TestText
{
    const int LabelWidth = 18;

    static readonly string[] PerMigration =
    [
        "idempotency.fails-on-rerun", "idempotency.changes-on-rerun", "idempotency.fails-on-first-apply",
        "reversibility.down-fails", "reversibility.down-leaves-changes",
    ];

    public static void WriteResult(TextWriter output, IdempotencyResult result)
    {
        var label = result.Outcome switch
        {
            IdempotencyOutcome.Idempotent => "idempotent",
            IdempotencyOutcome.FailsOnRerun => "FAILS ON RE-RUN",
            IdempotencyOutcome.ChangesOnRerun => "CHANGES ON RE-RUN",
            IdempotencyOutcome.FailsOnFirstApply => "FAILS",
            _ => "not checked",
        };
        var detail = result.Error is { } error
            ? $"  {error.Location}: {(error.SqlState is null ? "" : error.SqlState + ": ")}{error.Message}"
            : "";
        output.WriteLine($"{label,-LabelWidth}{result.Migration.FileName}{detail}");
        if (result.Error?.Fix is { } fix)
            output.WriteLine($"{"",LabelWidth}  fix: {fix}");
        else if (result.Outcome == IdempotencyOutcome.FailsOnFirstApply)
            output.WriteLine($"{"",LabelWidth}  it fails on the scratch database; if it needs objects the platform provides, use --prepare FILE or --supabase");
        if (result.Difference is { } difference)
        {
            foreach (var line in difference.Describe(10).TrimEnd().Split('\n'))
                output.WriteLine($"{"",LabelWidth}  {line}");
        }
        if (result.Reversibility is { } reversibility)
            WriteReversibility(output, result, reversibility);
    }

    static void WriteReversibility(TextWriter output, IdempotencyResult result, ReversibilityResult reversibility)
    {
        var label = reversibility.Outcome switch
        {
            ReversibilityOutcome.Reversible => "reversible",
            ReversibilityOutcome.DownFails => "DOWN FAILS",
            _ => "LEAVES CHANGES",
        };
        var detail = reversibility.Error is { } error
            ? $"  {error.Location}: {(error.SqlState is null ? "" : error.SqlState + ": ")}{error.Message}"
            : "";
        output.WriteLine($"{label,-LabelWidth}{result.Migration.FileName} (down){detail}");
        if (reversibility.Error?.Note is { } note)
            output.WriteLine($"{"",LabelWidth}  {note}");
        if (reversibility.Difference is { } difference)
        {
            foreach (var line in difference.Describe(10).TrimEnd().Split('\n'))
                output.WriteLine($"{"",LabelWidth}  {line}");
        }
    }

    public static async Task WriteSummaryAsync(CliContext context, TestReport report)
    {
        // A migration's verdict was printed as it came (WriteResult); pending migrations get one line for all.
        foreach (var finding in report.Findings.Where(f => f.Rule != "history.pending" && !PerMigration.Contains(f.Rule)))
            await (finding.Failing ? context.Error : context.Output).WriteLineAsync($"{(finding.Failing ? "error" : "note")}: {finding}");
        // Pending migrations are news, not problems: one line for all of them (JSON lists each).
        if (report.Findings.Count(f => f.Rule == "history.pending") is var pending and > 0)
            await context.Output.WriteLineAsync($"note: {pending} migration(s) pending on the target; migrate will apply them.");
        var failing = report.Findings.Count(f => f.Failing);
        var migrations = report.Idempotency.Count;
        var unsafeCount = report.Idempotency.Count(r => r.Outcome is IdempotencyOutcome.FailsOnRerun or IdempotencyOutcome.ChangesOnRerun);
        var withDown = report.Idempotency.Count(r => r.Reversibility is not null);
        var irreversible = report.Idempotency.Count(r => r.Reversibility is { Outcome: not ReversibilityOutcome.Reversible });
        var reversibility = withDown == 0 ? "" : report.Passed ? $", {withDown} reversible" : $"; {irreversible} of {withDown} down part(s) do not undo their migration";
        await context.Output.WriteLineAsync(report.Passed
            ? $"PASS: {migrations} migration(s) checked, all idempotent{reversibility}{(report.Status is null ? "" : "; infrastructure and history sound")}."
            : $"FAIL: {failing} finding(s); {unsafeCount} of {migrations} migration(s) not safe to run again{reversibility}.");
    }
}
