namespace Wayli.Migrate.Sql;

/// <summary>
/// A possibly schema-qualified name, compared as PostgreSQL folds it: bare parts lower-cased, quoted parts exact.
/// An unqualified name matches a qualified one with the same last part, since the linter cannot know the
/// <c>search_path</c> the file runs with.
/// </summary>
/// <param name="Parts">The folded parts, schema first.</param>
/// <param name="Written">The name as it appears in the file, for messages and fixes.</param>
internal sealed record ObjectName(IReadOnlyList<string> Parts, string Written)
{
    /// <summary>The object's own name, without its schema, folded.</summary>
    public string Last => Parts[^1];

    /// <summary>The folded schema, or null when the name is unqualified.</summary>
    public string? Schema => Parts.Count > 1 ? Parts[^2] : null;

    /// <summary>True when both names may denote the same object.</summary>
    public bool Matches(ObjectName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Last == other.Last && (Schema is null || other.Schema is null || Schema == other.Schema);
    }

    /// <summary>Folds one identifier token: <c>"Foo"</c> stays <c>Foo</c>, <c>Foo</c> becomes <c>foo</c>.</summary>
    public static string Fold(string token) =>
        token.Length >= 2 && token[0] == '"' && token[^1] == '"' ? token[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
        : token.StartsWith("U&\"", StringComparison.OrdinalIgnoreCase) ? token
        : token.ToLowerInvariant();

    /// <inheritdoc />
    public override string ToString() => Written;
}
