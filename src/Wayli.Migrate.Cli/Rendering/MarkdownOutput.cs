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
        RehearsalResult rehearsal => Rehearsal(rehearsal),
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

    static string Rehearsal(RehearsalResult result)
    {
        var failed = result.Migrations.FirstOrDefault(m => m.Error is not null);
        var md = new MarkdownWriter().Heading(2, result.Refusals.Count > 0 ? "Rehearsal: migrate would refuse to run"
            : failed is not null ? $"Rehearsal: {failed.File} fails"
            : result.Migrations.Count == 0 ? "Rehearsal: nothing pending" : $"Rehearsal: highest risk {RehearsalText.Name(result.Risk)}");
        md.Paragraph($"{result.Migrations.Count} pending migration(s) of {result.Database} (PostgreSQL {result.ServerVersion}) applied as migrate "
            + $"would, in {result.Scratch}, after its {result.Applied} applied migration(s). Locks, rewrites and scans as PostgreSQL reported them; "
            + "sizes from the database's statistics.");
        var notes = result.Refusals.Select(r => MarkdownWriter.Escape($"migrate would refuse: {r}")).Concat(result.Notes.Select(MarkdownWriter.Escape)).ToList();
        if (result.Differences.Count > 0)
            notes.Insert(0, MarkdownWriter.Escape($"the database differs from what its applied migrations make in {result.Differences.Count} object(s) (see drift): the rehearsal ran on a schema that is not quite the database's"));
        if (notes.Count > 0)
            md.List(notes);
        if (result.Migrations.Count == 0)
            return md.ToString();
        md.Table(["migration", "risk", "what it does to existing tables"], result.Migrations.Select(m => (IReadOnlyList<string>)
            [MarkdownWriter.Code(m.File), MarkdownWriter.Cell(RehearsalText.Name(m.Risk)),
                MarkdownWriter.Cell(m.Error is { } error ? $"fails at {error.Location}: {error.Message}"
                    : string.Join("; ", m.Statements.SelectMany(s => s.Risks.Select(r => r.Text)).DefaultIfEmpty("nothing that blocks reads or writes")))]));
        foreach (var migration in result.Migrations.Where(m => m.Statements.Any(s => s.Locks.Count > 0) || m.Lint.Count > 0))
        {
            md.Details($"{migration.File}: each statement", body =>
            {
                body.Table(["line", "statement", "locks", "risk"], migration.Statements.Where(s => s.Locks.Count > 0 || s.Risks.Count > 0).Select(s => (IReadOnlyList<string>)
                    [s.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), MarkdownWriter.Code(s.Sql),
                        MarkdownWriter.Cell(string.Join(", ", s.Locks.Select(l => $"{l.Mode} on {l.Relation}"))), MarkdownWriter.Cell(RehearsalText.Name(s.Risk))]));
                if (migration.Lint.Count > 0)
                    body.List(migration.Lint.Select(c => MarkdownWriter.Escape($"lint {c.RuleId} (line {c.Line}): {c.Message}")));
            });
        }
        return md.ToString();
    }
}
