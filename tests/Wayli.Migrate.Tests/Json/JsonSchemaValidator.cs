using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wayli.Migrate.Tests.Json;

/// <summary>
/// Checks a JSON document against a JSON Schema, for the keywords the schemas in docs/json use: <c>type</c>
/// (one or a list), <c>enum</c>, <c>const</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties</c>
/// (false), <c>items</c>, <c>oneOf</c>, <c>anyOf</c> and local <c>$ref</c>. An unknown keyword is an error, so a
/// schema cannot silently check less than it says.
/// </summary>
public sealed class JsonSchemaValidator(JsonNode schema)
{
    static readonly HashSet<string> Known = ["$schema", "$id", "$defs", "title", "description", "format", "type", "enum", "const", "properties",
        "required", "additionalProperties", "items", "oneOf", "anyOf", "$ref"];

    /// <summary>Every way <paramref name="document"/> breaks the schema, each with its JSON path; empty when it conforms.</summary>
    public IReadOnlyList<string> Validate(JsonNode? document)
    {
        var errors = new List<string>();
        Check(schema, document, "$", errors);
        return errors;
    }

    void Check(JsonNode? node, JsonNode? value, string path, List<string> errors)
    {
        if (node is not JsonObject rule)
            throw new InvalidOperationException($"the schema at {path} is not an object");
        foreach (var keyword in rule.Select(p => p.Key).Where(k => !Known.Contains(k)))
            throw new InvalidOperationException($"the schema uses '{keyword}', which this validator does not check");
        if (rule["$ref"] is { } reference)
        {
            Check(Resolve(reference.GetValue<string>()), value, path, errors);
            return;
        }
        if (rule["oneOf"] is JsonArray oneOf)
        {
            var matching = oneOf.Count(choice => Errors(choice, value, path).Count == 0);
            if (matching != 1)
                errors.Add($"{path}: matches {matching} of the oneOf choices, not exactly one: " + string.Join(" | ", oneOf.Select(c => string.Join("; ", Errors(c, value, path).Take(3)))));
        }
        if (rule["anyOf"] is JsonArray anyOf && !anyOf.Any(choice => Errors(choice, value, path).Count == 0))
            errors.Add($"{path}: matches none of the anyOf choices");
        if (rule["type"] is { } type && !TypeMatches(type, value))
        {
            errors.Add($"{path}: {Kind(value)} where the schema wants {type.ToJsonString()}");
            return;
        }
        if (rule["const"] is { } constant && !JsonNode.DeepEquals(constant, value))
            errors.Add($"{path}: {value?.ToJsonString()} is not {constant.ToJsonString()}");
        if (rule["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, value)))
            errors.Add($"{path}: {value?.ToJsonString()} is not one of {values.ToJsonString()}");
        if (value is JsonObject obj)
            CheckObject(rule, obj, path, errors);
        if (value is JsonArray array && rule["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
                Check(items, array[i], $"{path}[{i}]", errors);
        }
    }

    void CheckObject(JsonObject rule, JsonObject value, string path, List<string> errors)
    {
        var properties = rule["properties"] as JsonObject ?? [];
        foreach (var required in (rule["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (!value.ContainsKey(required))
                errors.Add($"{path}: lacks the required field '{required}'");
        }
        foreach (var (name, child) in value)
        {
            if (properties[name] is { } property)
                Check(property, child, $"{path}.{name}", errors);
            else if (rule["additionalProperties"] is JsonValue allowed && !allowed.GetValue<bool>())
                errors.Add($"{path}: has the field '{name}', which the schema does not allow");
        }
    }

    List<string> Errors(JsonNode? choice, JsonNode? value, string path)
    {
        var errors = new List<string>();
        Check(choice, value, path, errors);
        return errors;
    }

    JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
            throw new InvalidOperationException($"only local references are supported, not {reference}");
        JsonNode? node = schema;
        foreach (var part in reference[2..].Split('/'))
            node = node?[part];
        return node ?? throw new InvalidOperationException($"{reference} does not resolve");
    }

    static bool TypeMatches(JsonNode type, JsonNode? value) => type switch
    {
        JsonArray any => any.Any(t => TypeMatches(t!, value)),
        _ => type.GetValue<string>() switch
        {
            "null" => value is null,
            "object" => value is JsonObject,
            "array" => value is JsonArray,
            "string" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
            "boolean" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "number" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
            "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() % 1 == 0,
            var other => throw new InvalidOperationException($"unknown type '{other}'"),
        },
    };

    static string Kind(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "something",
    };
}
