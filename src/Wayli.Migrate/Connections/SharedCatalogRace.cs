using Npgsql;

namespace Wayli.Migrate.Connections;

/// <summary>
/// Recognises a transaction that lost a race on the server-wide catalogs to another session: two sessions of one
/// server altering the same role at once ("tuple concurrently updated"), or both creating a role or a membership the
/// other created first. PostgreSQL rolls such a transaction back whole, so running it again is safe; it is not the
/// script's fault and would not happen alone.
/// </summary>
internal static class SharedCatalogRace
{
    /// <summary>How many times a script that lost such a race is run in all.</summary>
    public const int Attempts = 6;

    /// <summary>True when <paramref name="error"/> is a lost race on the roles or their settings, not a fault of the SQL.</summary>
    public static bool IsLost(PostgresException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.SqlState switch
        {
            // "tuple concurrently updated" / "… deleted": simple_heap_update on a catalog row another session changed.
            PostgresErrorCodes.InternalError => error.MessageText.StartsWith("tuple concurrently ", StringComparison.Ordinal),
            PostgresErrorCodes.UniqueViolation => error.ConstraintName is { } index
                && (index.StartsWith("pg_authid_", StringComparison.Ordinal) || index.StartsWith("pg_auth_members_", StringComparison.Ordinal)
                    || index.StartsWith("pg_db_role_setting_", StringComparison.Ordinal)),
            PostgresErrorCodes.DeadlockDetected => true,
            _ => false,
        };
    }

    /// <summary>A short, growing, jittered pause before attempt <paramref name="attempt"/> + 1, so two racers part.</summary>
    public static TimeSpan PauseAfter(int attempt) => TimeSpan.FromMilliseconds(10 * attempt + Random.Shared.Next(0, 20));
}
