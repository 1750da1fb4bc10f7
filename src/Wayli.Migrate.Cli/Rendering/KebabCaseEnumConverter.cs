using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>Writes an enum value as kebab-case text (<c>OutOfOrder</c> → <c>out-of-order</c>).</summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class KebabCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower)
    where T : struct, Enum;
