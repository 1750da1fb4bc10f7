namespace Wayli.Migrate.Verification;

/// <summary>An index a statement built on a table that existed before its migration.</summary>
/// <param name="Index">The index, schema-qualified.</param>
/// <param name="Table">The table it indexes.</param>
/// <param name="Concurrently">True when it was built with <c>CONCURRENTLY</c> (outside a transaction, writes going on).</param>
public sealed record BuiltIndex(string Index, string Table, bool Concurrently);
