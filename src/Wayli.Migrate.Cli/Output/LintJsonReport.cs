using System.Text;
using System.Text.Json;
using Wayli.Migrate.Linting;

namespace Wayli.Migrate.Cli.Output;

/// <summary>
/// Lint findings as one JSON document, written with <see cref="Utf8JsonWriter"/> (no reflection, so the native build
/// stays trim-safe). Field names are camelCase and stable.
/// </summary>
internal static class LintJsonReport
{
    public static string Write(CliContext context, IReadOnlyList<LintFinding> findings, string directory, int fileCount) => Document(json =>
    {
        json.WriteString("directory", LintPath.Display(context, directory));
        json.WriteNumber("files", fileCount);
        json.WriteNumber("errors", findings.Count(f => f.Severity == LintSeverity.Error));
        json.WriteNumber("warnings", findings.Count(f => f.Severity == LintSeverity.Warning));
        json.WriteStartArray("findings");
        foreach (var finding in findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.RuleId);
            json.WriteString("rule", LintRules.Find(finding.RuleId)?.Name);
            json.WriteString("severity", SeverityName(finding.Severity));
            json.WriteString("file", LintPath.Display(context, finding.File));
            json.WriteNumber("line", finding.Line);
            json.WriteNumber("column", finding.Column);
            json.WriteString("message", finding.Message);
            json.WriteString("fix", finding.Fix);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    /// <summary><c>error</c> or <c>warning</c>, as text, JSON and SARIF all spell them.</summary>
    public static string SeverityName(LintSeverity severity) => severity == LintSeverity.Error ? "error" : "warning";

    /// <summary>An indented JSON object whose members <paramref name="body"/> writes.</summary>
    public static string Document(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
