using System.Text.Json.Serialization;

namespace Wayli.Migrate.Conversion;

/// <summary>One file <c>adopt --source-dir</c> writes, and where it came from.</summary>
/// <param name="File">Its path in the migrations folder: <c>VERSION_description.sql</c>, <c>repeatable/NAME.sql</c> or <c>callbacks/EVENT.sql</c>.</param>
/// <param name="From">The other tool's files it was made from.</param>
/// <param name="OriginalVersion">The version the other tool gave it; null for repeatables and callbacks.</param>
/// <param name="Version">Its version here; null for repeatables and callbacks.</param>
/// <param name="HasDown">True when it has a <c>-- migrate:down</c> part.</param>
/// <param name="NoTransaction">True when it says <c>-- migrate:no-transaction</c> (in its up or its down part).</param>
/// <param name="Text">What is written.</param>
public sealed record ConvertedFile(string File, IReadOnlyList<string> From, string? OriginalVersion, string? Version, bool HasDown, bool NoTransaction,
    [property: JsonIgnore] string Text);
