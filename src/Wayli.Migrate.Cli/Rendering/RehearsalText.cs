using Wayli.Migrate.Runs;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>plan --rehearse</c> for people: each pending migration's risk line, then what each statement did, and a verdict.</summary>
internal static class RehearsalText
{
    public static async Task WriteAsync(CliContext context, RehearsalResult result)
    {
        var output = context.Output;
        await output.WriteLineAsync($"Rehearsed {result.Migrations.Count} pending migration(s) of {result.Database} (PostgreSQL {result.ServerVersion}) "
            + $"in {result.Scratch}, after replaying its {result.Applied} applied migration(s).");
        foreach (var note in result.Notes)
            await context.Error.WriteLineAsync($"note: {note}");
        if (result.Differences.Count > 0)
        {
            await context.Error.WriteLineAsync(Paint.Yellow(context, $"warning: the database differs from what its applied migrations make in "
                + $"{result.Differences.Count} object(s), so the rehearsal ran on a schema that is not quite the database's (see drift):"));
            foreach (var difference in result.Differences)
                await context.Error.WriteLineAsync($"  {difference.Kind} {difference.Identity}: {DriftText.Describe(difference.Change)}");
        }
        foreach (var migration in result.Migrations)
            await WriteAsync(context, migration);
        await output.WriteLineAsync();
        await output.WriteLineAsync(Verdict(context, result));
    }

    /// <summary>A level as every format names it.</summary>
    public static string Name(RiskLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>A level in a sentence: "high risk", "no risk".</summary>
    public static string Describe(RiskLevel level) => level == RiskLevel.None ? "no risk" : $"{Name(level)} risk";

    static string Verdict(CliContext context, RehearsalResult result)
    {
        if (result.Refusals.Count > 0)
            return Paint.Red(context, $"REFUSED: migrate would not run ({string.Join("; ", result.Refusals)}), so nothing was rehearsed.");
        if (result.Migrations.FirstOrDefault(m => m.Error is not null) is { } failed)
            return Paint.Red(context, $"FAILED: {failed.File} fails on the rehearsal database ({failed.Error!.Location}): migrate would stop there.");
        var counts = string.Join(", ", Enum.GetValues<RiskLevel>().Reverse()
            .Select(level => (level, count: result.Migrations.Count(m => m.Risk == level))).Where(c => c.count > 0)
            .Select(c => $"{c.count} {Name(c.level)}"));
        var text = result.Migrations.Count == 0 ? "Nothing to rehearse: no migration is pending." : $"Highest risk: {Name(result.Risk)} ({counts}).";
        return result.Risk switch
        {
            RiskLevel.High => Paint.Red(context, text),
            RiskLevel.Medium => Paint.Yellow(context, text),
            _ => Paint.Green(context, text),
        };
    }

    static async Task WriteAsync(CliContext context, RehearsedMigration migration)
    {
        var output = context.Output;
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{migration.File}: {Describe(migration.Risk)} ({migration.Milliseconds:0.#} ms on the scratch database"
            + (migration.InTransaction ? "" : ", outside a transaction") + ")");
        foreach (var statement in migration.Statements.Where(s => s.Risks.Count > 0 || s.Locks.Count > 0))
        {
            await output.WriteLineAsync($"  line {statement.Line}: {statement.Sql}");
            foreach (var risk in statement.Risks)
                await output.WriteLineAsync($"    {Name(risk.Level)}: {risk.Text}");
            if (statement.Locks.Count > 0)
                await output.WriteLineAsync($"    locks: {string.Join(", ", statement.Locks.Select(l => $"{l.Mode} on {l.Relation}"))}{(statement.Sampled ? " (seen while it ran)" : "")}");
        }
        foreach (var check in migration.Lint)
            await output.WriteLineAsync($"  lint {check.RuleId} at line {check.Line}: {check.Message}");
        if (migration.Objects.Count > 0)
        {
            await output.WriteLineAsync("  objects: " + string.Join(", ", migration.Objects.GroupBy(o => o.Change)
                .Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}")) + " ("
                + string.Join(", ", migration.Objects.Take(8).Select(o => $"{Mark(o.Change)}{o.Kind} {o.Identity}"))
                + (migration.Objects.Count > 8 ? ", …" : "") + ")");
        }
        if (migration.Error is { } error)
            await output.WriteLineAsync(Paint.Red(context, $"  failed at {error.Location}: {(error.SqlState is null ? "" : error.SqlState + ": ")}{error.Message}"));
    }

    static string Mark(ObjectChange change) => change switch { ObjectChange.Created => "+", ObjectChange.Dropped => "-", _ => "~" };
}
