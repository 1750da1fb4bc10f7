using System.Security.Cryptography;
using System.Text;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.History;

/// <summary>
/// The name of the tracking table, <c>public.database_migrations</c> unless configured. Names are limited to
/// letters, digits and underscores so they can be embedded in the infrastructure SQL without any escaping risk.
/// </summary>
public sealed record HistoryTable
{
    /// <summary>The default schema.</summary>
    public const string DefaultSchema = "public";

    /// <summary>The default table name, the same as the original TypeScript service's.</summary>
    public const string DefaultName = "database_migrations";

    /// <summary>Creates a table name after checking both parts.</summary>
    /// <exception cref="MigrateException">A part is empty, too long or has characters other than letters, digits and <c>_</c>.</exception>
    public HistoryTable(string schema = DefaultSchema, string name = DefaultName)
    {
        Schema = Check(schema, "schema");
        Name = Check(name, "table");
    }

    /// <summary>The schema holding the table.</summary>
    public string Schema { get; }

    /// <summary>The table's own name.</summary>
    public string Name { get; }

    /// <summary>The double-quoted qualified name, ready for SQL: <c>"public"."database_migrations"</c>.</summary>
    public string Quoted => $"\"{Schema}\".\"{Name}\"";

    /// <summary>The qualified name for messages: <c>public.database_migrations</c>.</summary>
    public override string ToString() => $"{Schema}.{Name}";

    /// <summary>
    /// The advisory lock key of this table: the first 8 bytes of SHA-256 over <c>wayli-migrate:schema.table</c>.
    /// Every migrator of the same table computes the same key, and migrators of different tables do not collide.
    /// </summary>
    public long LockKey => Key("wayli-migrate");

    /// <summary>
    /// The key of the second lock, held by the session that runs migrations. If the first lock's session dies (killed
    /// client, terminated backend) while that session is still executing, this one keeps another migrator out until
    /// the statements already sent have finished.
    /// </summary>
    public long WorkLockKey => Key("wayli-migrate-work");

    long Key(string purpose) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{purpose}:{Schema}.{Name}")), 0);

    static string Check(string part, string what)
    {
        if (string.IsNullOrEmpty(part) || part.Length > 63 || char.IsAsciiDigit(part[0])
            || !part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new MigrateException(FailureKind.Usage,
                $"the history {what} name '{part}' must be 1 to 63 letters, digits or underscores, not starting with a digit");
        }
        return part;
    }
}
