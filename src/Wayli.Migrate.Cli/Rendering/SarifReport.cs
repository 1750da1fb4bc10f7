using System.Text.Json;
using Wayli.Migrate.Linting;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// Findings as SARIF 2.1.0, the format GitHub code scanning uploads: one run whose driver lists every rule, and one
/// result per finding. Lint findings carry their file location (columns are Unicode code points, as the lexer counts
/// them, and the run says so) and the fix in their message; drift differences are located by the database object they
/// concern (a logical location), since no file holds a change made by hand.
/// </summary>
internal static class SarifReport
{
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The rules of <c>drift</c>, one per kind of difference, each level error (drift fails the command).</summary>
    static readonly (string Id, DriftChange Change, string Help)[] DriftRules =
    [
        ("drift.only-in-database", DriftChange.OnlyInDatabase,
            "The database has an object its applied migrations do not make: it was added by hand. Write a migration that makes it, or drop it."),
        ("drift.missing-from-database", DriftChange.MissingFromDatabase,
            "The applied migrations make an object the database lacks: it was dropped by hand. Write a migration that drops it, or restore it."),
        ("drift.different", DriftChange.Different,
            "An object is defined differently in the database than its applied migrations make it: it was changed by hand. Write a migration for the change, or undo it."),
    ];

    public static string Write(CliContext context, IReadOnlyList<LintFinding> findings) =>
        Document(json => WriteRun(json, LintRules.All.Select(r => (r.Id, r.Name, r.Title, r.Help, LintText.SeverityName(r.Severity), r.Category)), json =>
        {
            json.WriteString("columnKind", "unicodeCodePoints");
            json.WriteStartArray("results");
            foreach (var finding in findings)
                WriteResult(json, context, finding);
            json.WriteEndArray();
        }));

    /// <summary><c>drift</c>'s differences: one result per object, named by a logical location (kind and identity).</summary>
    public static string Write(DriftResult result) =>
        Document(json => WriteRun(json, DriftRules.Select(r => (r.Id, r.Id[6..], DriftText.Describe(r.Change), r.Help, "error", "drift")), json =>
        {
            json.WriteStartArray("results");
            foreach (var difference in result.Differences)
            {
                var index = Array.FindIndex(DriftRules, r => r.Change == difference.Change);
                json.WriteStartObject();
                json.WriteString("ruleId", DriftRules[index].Id);
                json.WriteNumber("ruleIndex", index);
                json.WriteString("level", "error");
                WriteText(json, "message", $"{result.Database}: {difference}");
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartArray("logicalLocations");
                json.WriteStartObject();
                json.WriteString("fullyQualifiedName", difference.Identity);
                json.WriteString("kind", difference.Kind);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartObject("properties");
                json.WriteString("group", difference.Group);
                json.WriteString("expected", difference.Expected);
                json.WriteString("actual", difference.Actual);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }));

    static void WriteRun(Utf8JsonWriter json, IEnumerable<(string Id, string Name, string Title, string Help, string Level, string Category)> rules,
        Action<Utf8JsonWriter> results)
    {
        json.WriteString("$schema", Schema);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json, rules);
        results(json);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    static void WriteTool(Utf8JsonWriter json, IEnumerable<(string Id, string Name, string Title, string Help, string Level, string Category)> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "wayli-migrate");
        json.WriteString("version", ToolVersion.Current);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
            WriteRule(json, rule);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    static void WriteRule(Utf8JsonWriter json, (string Id, string Name, string Title, string Help, string Level, string Category) rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", rule.Name);
        WriteText(json, "shortDescription", rule.Title);
        WriteText(json, "fullDescription", rule.Help);
        WriteText(json, "help", rule.Help);
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", rule.Level);
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
