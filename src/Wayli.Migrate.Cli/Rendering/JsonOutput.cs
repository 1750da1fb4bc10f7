using System.Text.Encodings.Web;
using System.Text.Json;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// Renders any result record as one JSON document: <c>command</c> and <c>exitCode</c> first, then the record's own
/// fields; a failure as <c>command</c>, <c>exitCode</c> and <c>error</c>. Text is written readably (no needless escaping).
/// </summary>
internal static class JsonOutput
{
    static readonly JsonSerializerOptions Options = new(JsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A command's result.</summary>
    public static string Result<T>(string command, int exitCode, T result)
        where T : notnull
    {
        using var fields = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(result, Options.GetTypeInfo(typeof(T))));
        return Document(command, exitCode, json =>
        {
            foreach (var field in fields.RootElement.EnumerateObject())
                field.WriteTo(json);
        });
    }

    /// <summary>A command's failure.</summary>
    public static string Error(string command, int exitCode, string? kind, MigrateException error)
    {
        var problems = error is SourceProblemsException files ? files.Problems : [];
        var document = new ErrorDocument(kind ?? KindName(error.Kind), error.Message, problems);
        return Document(command, exitCode, json =>
        {
            json.WritePropertyName("error");
            JsonSerializer.Serialize(json, document, Options.GetTypeInfo(typeof(ErrorDocument)));
        });
    }

    static string KindName(FailureKind kind) => kind switch
    {
        FailureKind.MigrationFailed => "migration-failed",
        FailureKind.ConnectionRejected => "connection-rejected",
        FailureKind.LockTimeout => "lock-timeout",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary><c>command</c> and <c>exitCode</c>, then what <paramref name="body"/> writes, in one indented object.</summary>
    static string Document(string command, int exitCode, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = Options.Encoder }))
        {
            json.WriteStartObject();
            json.WriteString("command", command);
            json.WriteNumber("exitCode", exitCode);
            body(json);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
