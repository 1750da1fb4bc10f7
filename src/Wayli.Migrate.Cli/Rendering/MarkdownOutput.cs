using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// Renders a result record as markdown, for a pull-request comment or a CI job summary: each record has its section
/// here, built from <see cref="MarkdownWriter"/>'s pieces, so a new command adds a case, not a renderer class.
/// </summary>
internal static class MarkdownOutput
{
    public static string Write(object result) => result switch
    {
        DriftResult drift => Drift(drift),
        _ => throw new InvalidOperationException($"no markdown for {result.GetType().Name}"),
    };

    static string Drift(DriftResult result)
    {
        var md = new MarkdownWriter().Heading(2, result.Drifted ? $"Drift: {result.Differences.Count} object(s) changed by hand" : "No drift");
        md.Paragraph($"{result.Database} (PostgreSQL {result.ServerVersion}) compared with its {result.Applied} applied migration(s), "
            + $"replayed in {result.Scratch}. Schemas: {string.Join(", ", result.Schemas)}.");
        if (result.Notes.Count > 0)
            md.List(result.Notes.Select(MarkdownWriter.Escape));
        if (!result.Drifted)
            return md.ToString();
        md.Table(["object", "kind", "name", "difference"], result.Differences.Select(d => (IReadOnlyList<string>)
            [MarkdownWriter.Code(d.Group), MarkdownWriter.Cell(d.Kind), MarkdownWriter.Code(d.Identity), MarkdownWriter.Cell(DriftText.Describe(d.Change))]));
        foreach (var difference in result.Differences)
        {
            md.Details($"{difference.Kind} {difference.Identity}: {DriftText.Describe(difference.Change)}", body =>
            {
                if (difference.Expected is { } expected)
                    body.Markdown("As the migrations make it:").CodeBlock(expected, "sql");
                if (difference.Actual is { } actual)
                    body.Markdown("In the database:").CodeBlock(actual, "sql");
            });
        }
        return md.ToString();
    }
}
