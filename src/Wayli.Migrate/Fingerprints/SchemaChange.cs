namespace Wayli.Migrate.Fingerprints;

/// <summary>An object present in both fingerprints whose definition differs.</summary>
/// <param name="Before">The object in the first fingerprint.</param>
/// <param name="After">The same object (same kind and identity) in the second.</param>
public sealed record SchemaChange(SchemaObject Before, SchemaObject After)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Before.Kind} {Before.Identity}:\n    before: {Before.Definition}\n    after:  {After.Definition}";
}
