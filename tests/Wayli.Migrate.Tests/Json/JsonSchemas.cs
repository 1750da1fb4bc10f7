using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Wayli.Migrate.Cli.Rendering;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Tests.Json;

/// <summary>
/// The JSON Schema of each command's <c>--json</c> document, exported from the result records themselves: a document
/// is either the command's result (its fields, plus <c>command</c> and <c>exitCode</c>) or a failure
/// (<c>command</c>, <c>exitCode</c>, <c>error</c>). Every field is always present (null when it has no value), and no
/// other field is. The schemas are written to <c>docs/json/</c>; JsonContractTests keep them equal to these and validates every
/// command's output against them.
/// </summary>
public static class JsonSchemas
{
    /// <summary>Each command with a JSON document, and the result records it may print.</summary>
    public static readonly IReadOnlyDictionary<string, Type[]> Commands = new SortedDictionary<string, Type[]>(StringComparer.Ordinal)
    {
        ["adopt"] = [typeof(MaintenanceResult), typeof(ConversionResult)],
        ["baseline"] = [typeof(MaintenanceResult)],
        ["bootstrap"] = [typeof(BootstrapResult)],
        ["build"] = [typeof(BuildResult)],
        ["dev"] = [typeof(DevResult)],
        ["diff"] = [typeof(DiffResult)],
        ["drift"] = [typeof(DriftResult)],
        ["lint"] = [typeof(LintResult)],
        ["migrate"] = [typeof(MigrateResult), typeof(TargetsResult)],
        ["new"] = [typeof(NewResult)],
        ["down"] = [typeof(DownResult)],
        ["plan"] = [typeof(PlanResult), typeof(DownResult), typeof(RehearsalResult)],
        ["repair"] = [typeof(MaintenanceResult)],
        ["run"] = [typeof(MigrateResult)],
        ["setup"] = [typeof(SetupResult)],
        ["squash"] = [typeof(SquashResult)],
        ["status"] = [typeof(StatusResult)],
        ["test"] = [typeof(TestReport)],
        ["validate"] = [typeof(ValidateResult)],
    };

    static readonly JsonSerializerOptions Options = new(JsonContext.Default.Options) { RespectNullableAnnotations = true };

    /// <summary>The schema of <paramref name="command"/>'s JSON document.</summary>
    public static JsonObject For(string command)
    {
        var results = Commands[command];
        var definitions = new JsonObject();
        var choices = new JsonArray();
        foreach (var type in results)
        {
            definitions[Camel(type.Name)] = Document(command, Export(type));
            choices.Add((JsonNode)new JsonObject { ["$ref"] = $"#/$defs/{Camel(type.Name)}" });
        }
        definitions["failure"] = Document(command, new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["error"] = Export(typeof(ErrorDocument)) },
        });
        choices.Add((JsonNode)new JsonObject { ["$ref"] = "#/$defs/failure" });
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://wayli.app/wayli-migrate/json/{command}.schema.json",
            ["title"] = $"wayli-migrate {command} --json",
            ["description"] = $"What 'wayli-migrate {command} --json' prints on stdout: its result, or why it failed. Exported from the result records; see docs/json/README.md.",
            ["oneOf"] = choices,
            ["$defs"] = definitions,
        };
    }

    /// <summary>A result object with the two fields every document starts with.</summary>
    static JsonObject Document(string command, JsonObject result)
    {
        var properties = new JsonObject
        {
            ["command"] = new JsonObject { ["const"] = command },
            ["exitCode"] = new JsonObject { ["type"] = "integer", ["enum"] = new JsonArray(0, 1, 2, 3, 4, 5, 6, 70) },
        };
        foreach (var (name, schema) in result["properties"]!.AsObject().ToList())
            properties[name] = schema!.DeepClone();
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. properties.Select(p => (JsonNode)p.Key)]),
            ["additionalProperties"] = false,
        };
    }

    static JsonObject Export(Type type) =>
        JsonSchemaExporter.GetJsonSchemaAsNode(Options, type, new JsonSchemaExporterOptions { TransformSchemaNode = Strict }).AsObject();

    /// <summary>Every object lists all its fields as required (each is always written) and allows no other.</summary>
    static JsonNode Strict(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is JsonObject node && node["properties"] is JsonObject properties)
        {
            node["required"] = new JsonArray([.. properties.Select(p => (JsonNode)p.Key)]);
            node["additionalProperties"] = false;
            foreach (var (_, property) in properties)
                property?.AsObject().Remove("default");
        }
        return schema;
    }

    static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
