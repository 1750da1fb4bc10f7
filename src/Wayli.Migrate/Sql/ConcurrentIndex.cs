namespace Wayli.Migrate.Sql;

/// <summary>
/// Recognises <c>CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name …</c> and gives the index's name, so the
/// runner can look for an INVALID index of that name left by an earlier attempt that failed part-way.
/// </summary>
public static class ConcurrentIndex
{
    /// <summary>The index name as written (possibly schema-qualified or quoted), or null for other statements.</summary>
    public static string? CreatedName(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var t = StatementTokens.Of(statement.Text);
        var next = t.StartsWith("CREATE", "INDEX", "CONCURRENTLY") ? 3
            : t.StartsWith("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY") ? 4
            : -1;
        if (next < 0)
            return null;
        if (t.IfNotExistsAt(next))
            next += 3;
        // "CREATE INDEX CONCURRENTLY ON t (…)" has no name: PostgreSQL picks one, and there is nothing to look for.
        return t.Word(next) == "ON" ? null : t.QualifiedNameAt(next);
    }
}
