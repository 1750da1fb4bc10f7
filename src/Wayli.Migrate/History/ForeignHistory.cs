using Npgsql;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.History;

/// <summary>
/// Reads the history tables of other tools, so a team switching to Wayli Migrate applies nothing twice:
/// the Supabase CLI (<c>supabase_migrations.schema_migrations</c>), Flyway (<c>flyway_schema_history</c>) and the
/// original TypeScript service (<c>public.database_migrations</c>).
/// </summary>
public static class ForeignHistory
{
    /// <summary>The tools <c>adopt --from</c> knows.</summary>
    public static readonly IReadOnlyList<string> Sources = ["supabase", "flyway", "database_migrations"];

    /// <summary>The migrations <paramref name="source"/> recorded as applied, in its order.</summary>
    /// <param name="connection">The database.</param>
    /// <param name="source">supabase, flyway or database_migrations.</param>
    /// <param name="schema">Where Flyway's table lives (its default is the connection's first schema: public).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="MigrateException">The source is unknown (<see cref="FailureKind.Usage"/>) or its table is missing (<see cref="FailureKind.Validation"/>).</exception>
    public static async Task<IReadOnlyList<ForeignMigration>> ReadAsync(NpgsqlConnection connection, string source, string schema, CancellationToken cancellationToken)
    {
        if (schema.Length == 0 || !schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new MigrateException(FailureKind.Usage, $"the schema '{schema}' must be letters, digits and underscores");
        var (table, sql) = source switch
        {
            "supabase" => ("supabase_migrations.schema_migrations",
                "SELECT version::text, coalesce(name::text, '') FROM supabase_migrations.schema_migrations ORDER BY version"),
            // Flyway writes one row per attempt; only successful versioned migrations count (not repeatables, not undo).
            "flyway" => ($"{schema}.flyway_schema_history",
                $"SELECT version::text, coalesce(script::text, description::text, '') FROM \"{schema}\".flyway_schema_history "
                + "WHERE success AND version IS NOT NULL AND type NOT IN ('UNDO_SQL', 'DELETE') ORDER BY installed_rank"),
            "database_migrations" => ("public.database_migrations",
                "SELECT version::text, name::text FROM public.database_migrations ORDER BY version"),
            _ => throw new MigrateException(FailureKind.Usage, $"adopt --from must be one of: {string.Join(", ", Sources)}"),
        };
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{table.Replace("'", "''", StringComparison.Ordinal)}') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
                throw new MigrateException(FailureKind.Validation, $"{table} does not exist in this database: nothing to adopt from {source}");
        }
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ForeignMigration>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new ForeignMigration(reader.GetString(0), reader.GetString(1)));
        return rows;
    }
}
