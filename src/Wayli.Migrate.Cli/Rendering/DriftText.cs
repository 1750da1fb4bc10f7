using Wayli.Migrate.Runs;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>drift</c> for people: what was compared, each differing object grouped under the table it belongs to, and a verdict.</summary>
internal static class DriftText
{
    public static async Task WriteAsync(CliContext context, DriftResult result)
    {
        var output = context.Output;
        await output.WriteLineAsync($"Compared {result.Database} (PostgreSQL {result.ServerVersion}) with its {result.Applied} applied migration(s), "
            + $"replayed in {result.Scratch}; schemas: {string.Join(", ", result.Schemas)}.");
        foreach (var note in result.Notes)
            await context.Error.WriteLineAsync($"note: {note}");
        foreach (var group in result.Differences.GroupBy(d => d.Group))
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(group.Key);
            foreach (var difference in group)
                await WriteAsync(context, difference);
        }
        if (result.Differences.Count > 0)
            await output.WriteLineAsync();
        await output.WriteLineAsync(result.Drifted
            ? Paint.Red(context, $"DRIFT: {result.Differences.Count} object(s) differ from what the applied migrations make.")
            : Paint.Green(context, $"No drift: the database is what its {result.Applied} applied migration(s) make."));
    }

    /// <summary>How a difference is named in every format.</summary>
    public static string Describe(DriftChange change) => change switch
    {
        DriftChange.OnlyInDatabase => "only in the database (added by hand)",
        DriftChange.MissingFromDatabase => "missing from the database (dropped by hand)",
        _ => "different",
    };

    static async Task WriteAsync(CliContext context, DriftDifference difference)
    {
        var output = context.Output;
        var mark = difference.Change switch { DriftChange.OnlyInDatabase => "+", DriftChange.MissingFromDatabase => "-", _ => "~" };
        await output.WriteLineAsync($"  {mark} {difference.Kind} {difference.Identity}: {Describe(difference.Change)}");
        var diff = DefinitionDiff.Of(difference.Expected, difference.Actual);
        if (diff.SameBefore > 0)
            await output.WriteLineAsync($"      ({diff.SameBefore} line(s) the same)");
        foreach (var line in diff.Before)
            await output.WriteLineAsync($"      migrations: {line}");
        foreach (var line in diff.After)
            await output.WriteLineAsync($"      database:   {line}");
        if (diff.SameAfter > 0)
            await output.WriteLineAsync($"      ({diff.SameAfter} line(s) the same)");
    }
}
