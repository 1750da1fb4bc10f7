using System.Text.Json;
using Wayli.Migrate.Linting;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// Lint findings as SARIF 2.1.0, the format GitHub code scanning uploads: one run whose driver lists every rule, and
/// one result per finding with its location and the fix in its message. Columns are Unicode code points, as the
/// lexer counts them, and the run says so.
/// </summary>
internal static class SarifReport
{
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    public static string Write(CliContext context, IReadOnlyList<LintFinding> findings) => Document(json =>
    {
        json.WriteString("$schema", Schema);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json);
        json.WriteString("columnKind", "unicodeCodePoints");
        json.WriteStartArray("results");
        foreach (var finding in findings)
            WriteResult(json, context, finding);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    });

    static void WriteTool(Utf8JsonWriter json)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "wayli-migrate");
        json.WriteString("version", ToolVersion.Current);
        json.WriteStartArray("rules");
        foreach (var rule in LintRules.All)
            WriteRule(json, rule);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    static void WriteRule(Utf8JsonWriter json, LintRule rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", rule.Name);
        WriteText(json, "shortDescription", rule.Title);
        WriteText(json, "fullDescription", rule.Help);
        WriteText(json, "help", rule.Help);
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", LintText.SeverityName(rule.Severity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        json.WriteStringValue(rule.Category);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    static void WriteResult(Utf8JsonWriter json, CliContext context, LintFinding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        var index = LintRules.All.ToList().FindIndex(r => r.Id == finding.RuleId);
        if (index >= 0)
            json.WriteNumber("ruleIndex", index);
        json.WriteString("level", LintText.SeverityName(finding.Severity));
        WriteText(json, "message", finding.Fix is null ? finding.Message : $"{finding.Message}. Fix: {finding.Fix}");
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", LintPath.Uri(context, finding.File));
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", finding.Line);
        json.WriteNumber("startColumn", finding.Column);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        if (finding.Fingerprint is { } fingerprint)
        {
            // The statement by its tokens: code scanning then follows a finding across edits that move its line.
            json.WriteStartObject("partialFingerprints");
            json.WriteString("wayliMigrateStatement/v1", fingerprint);
            json.WriteEndObject();
        }
        if (finding.Fix is { } fix)
        {
            json.WriteStartObject("properties");
            json.WriteString("fix", fix);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    static void WriteText(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    static string Document(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
