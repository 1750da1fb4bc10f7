using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        where T : notnull =>
        Document(command, exitCode, JsonSerializer.SerializeToNode(result, Options.GetTypeInfo(typeof(T)))!.AsObject());

    /// <summary>A command's failure.</summary>
    public static string Error(string command, int exitCode, string? kind, MigrateException error)
    {
        var problems = error is SourceProblemsException files ? files.Problems : [];
        var document = new ErrorDocument(kind ?? JsonNamingPolicy.KebabCaseLower.ConvertName(error.Kind.ToString()), error.Message, problems);
        var body = new JsonObject { ["error"] = JsonSerializer.SerializeToNode(document, Options.GetTypeInfo(typeof(ErrorDocument))) };
        return Document(command, exitCode, body);
    }

    static string Document(string command, int exitCode, JsonObject body)
    {
        body.Insert(0, "command", command);
        body.Insert(1, "exitCode", exitCode);
        return body.ToJsonString(Options);
    }
}
