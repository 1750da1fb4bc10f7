namespace Wayli.Migrate.Fingerprints;

/// <summary>
/// One object of a <see cref="SchemaFingerprint"/>: what it is, its stable name, and everything about it that a
/// migration can change, as text. No part of it contains an OID, so two databases built by the same SQL give
/// equal objects.
/// </summary>
/// <example><c>("column", "public.trips.title", "text NOT NULL DEFAULT ''::text")</c></example>
/// <param name="Kind">What the object is: <c>table</c>, <c>column</c>, <c>index</c>, <c>function</c>, <c>rows</c>…</param>
/// <param name="Identity">Its name, schema-qualified and quoted as PostgreSQL quotes identifiers; objects that
/// belong to a table are named <c>schema.table.name</c>, functions by their signature.</param>
/// <param name="Definition">Its definition as the server renders it (for example <c>pg_get_indexdef</c>), with owner,
/// privileges and options appended.</param>
/// <param name="Schema">The schema the object lives in (for a publication's table, the table's; for an event trigger,
/// its function's); null for an object of the whole database, such as a publication. It is not part of what is compared:
/// it says which part of the database an object belongs to, so a comparison can be limited to some schemas.</param>
public sealed record SchemaObject(string Kind, string Identity, string Definition, string? Schema = null)
{
    /// <summary>The object as one line, for messages: <c>kind identity: definition</c>.</summary>
    public override string ToString() => $"{Kind} {Identity}: {Definition}";
}
