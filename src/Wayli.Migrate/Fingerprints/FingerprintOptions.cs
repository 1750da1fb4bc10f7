namespace Wayli.Migrate.Fingerprints;

/// <summary>What <see cref="SchemaFingerprint.CaptureAsync"/> looks at.</summary>
/// <param name="MaxRowsToHash">A table with more rows than this gets its row count recorded but not a hash of its rows,
/// because hashing reads and sorts every row.</param>
/// <param name="ExcludedSchemas">Schemas to leave out besides the system ones (<c>pg_catalog</c>,
/// <c>information_schema</c>, <c>pg_toast*</c>, <c>pg_temp*</c>), which are always left out.</param>
/// <param name="Exclude">Returns true for objects to leave out, for example the migration tool's own history table.</param>
/// <param name="Rows">False to leave out the <c>rows</c> objects: no table is read, only the catalogs (what a comparison
/// of schemas on a production database needs, where counting rows would read every table).</param>
public sealed record FingerprintOptions(
    int MaxRowsToHash = 10_000,
    IReadOnlyList<string>? ExcludedSchemas = null,
    Func<SchemaObject, bool>? Exclude = null,
    bool Rows = true)
{
    /// <summary>The defaults: every user schema, tables of up to 10,000 rows hashed.</summary>
    public static FingerprintOptions Default { get; } = new();
}
