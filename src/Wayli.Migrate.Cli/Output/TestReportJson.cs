using System.Text;
using System.Text.Json;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Cli.Output;

/// <summary>The JSON report of <c>test</c>: every finding with file, line, rule and message, and each migration's verdict.</summary>
internal static class TestReportJson
{
    public static string Write(TestReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("passed", report.Passed);
            json.WriteString("scratch", report.Scratch);
            json.WriteStartArray("findings");
            foreach (var finding in report.Findings)
                WriteFinding(json, finding);
            json.WriteEndArray();
            json.WriteStartArray("migrations");
            foreach (var result in report.Idempotency)
                WriteResult(json, result);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void WriteFinding(Utf8JsonWriter json, TestFinding finding)
    {
        json.WriteStartObject();
        json.WriteString("rule", finding.Rule);
        json.WriteBoolean("failing", finding.Failing);
        json.WriteString("file", finding.File);
        WriteNumber(json, "line", finding.Line);
        WriteNumber(json, "column", finding.Column);
        json.WriteString("message", finding.Message);
        json.WriteEndObject();
    }

    static void WriteResult(Utf8JsonWriter json, IdempotencyResult result)
    {
        json.WriteStartObject();
        json.WriteString("file", result.Migration.FileName);
        json.WriteString("outcome", result.Outcome.ToString());
        json.WriteString("location", result.Error?.Location);
        json.WriteString("error", result.Error?.Message);
        json.WriteStartArray("differences");
        if (result.Difference is { } difference)
        {
            foreach (var line in difference.Describe(int.MaxValue).Split('\n'))
                json.WriteStringValue(line);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
            json.WriteNumber(name, number);
        else
            json.WriteNull(name);
    }
}
