using System.Globalization;

namespace Wayli.Migrate.Execution;

/// <summary>
/// The settings every migration starts with. They are applied with <c>SET</c> when the connection opens and again
/// after each migration's <c>RESET ALL</c> (rather than sent in the startup packet, which poolers such as PgBouncer
/// refuse), so a file cannot change them for the files after it.
/// </summary>
/// <param name="LockTimeout">PostgreSQL's <c>lock_timeout</c>, or null to leave the server's.</param>
/// <param name="StatementTimeout">PostgreSQL's <c>statement_timeout</c>, or null to leave the server's.</param>
public sealed record SessionSettings(TimeSpan? LockTimeout = null, TimeSpan? StatementTimeout = null)
{
    /// <summary>The statements that put the settings in place (none when nothing is set).</summary>
    public IEnumerable<string> Commands
    {
        get
        {
            if (LockTimeout is { } lockTimeout)
                yield return Set("lock_timeout", lockTimeout);
            if (StatementTimeout is { } statementTimeout)
                yield return Set("statement_timeout", statementTimeout);
        }
    }

    static string Set(string name, TimeSpan value) =>
        string.Create(CultureInfo.InvariantCulture, $"SET {name} = {(long)value.TotalMilliseconds}");
}
