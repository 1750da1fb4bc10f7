using System.Data.Common;
using Npgsql;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Connections;

/// <summary>
/// Where the database is, parsed from a <c>postgres://</c> URL or an Npgsql keyword string. It keeps the
/// password apart so every message can name the database without revealing it.
/// </summary>
public sealed class ConnectionSettings
{
    /// <summary>The <c>application_name</c> sessions report unless the user sets another.</summary>
    public const string DefaultApplicationName = "wayli-migrate";

    ConnectionSettings(NpgsqlConnectionStringBuilder builder)
    {
        builder.ApplicationName ??= DefaultApplicationName;
        // One physical connection per role in a run; a pool would only keep a closed lock session alive.
        builder.Pooling = false;
        builder.Enlist = false;
        // The server's DETAIL ("Key (email)=(a@x) is duplicated.") is what a person needs to fix a failed migration;
        // Npgsql hides it unless asked. Every output already passes through the password filter.
        builder.IncludeErrorDetail = true;
        Builder = builder;
    }

    /// <summary>The parsed settings. Treat as read-only: it holds the password.</summary>
    internal NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>
    /// The data source connections are made from. The slim builder enables only what the tool reads (text, integers,
    /// booleans, timestamps, and arrays for the schema fingerprint), which keeps the native build free of trimming warnings.
    /// Every value read is of a built-in type, so the catalog query with which Npgsql would load the database's types
    /// on a run's first connection is skipped: a few milliseconds of every deploy.
    /// </summary>
    internal NpgsqlDataSource DataSource => _dataSource ??= new NpgsqlSlimDataSourceBuilder(ConnectionString)
        .EnableArrays()
        .ConfigureTypeLoading(types => types.EnableTypeLoading(false))
        .Build();

    NpgsqlDataSource? _dataSource;

    /// <summary>The password, if one was given, so output can be scrubbed of it.</summary>
    public string? Password => Builder.Password;

    /// <summary>A description safe to print: <c>user@host:port/database</c>, never the password.</summary>
    public string Display => $"{Builder.Username ?? "(default user)"}@{Builder.Host ?? "localhost"}:{Builder.Port}/{Builder.Database ?? "(default database)"}";

    /// <summary>The database's name, if given.</summary>
    public string? Database => Builder.Database;

    /// <summary>The user name to connect as, if given.</summary>
    public string? Username => Builder.Username;

    /// <summary>The connection string to hand to Npgsql. Never print it.</summary>
    internal string ConnectionString => Builder.ConnectionString;

    /// <summary>
    /// Parses <c>postgres://user:password@host:port/database?sslmode=require</c> (or <c>postgresql://</c>) or an
    /// Npgsql keyword string such as <c>Host=db;Username=app;Password=…;Database=app</c>.
    /// </summary>
    /// <exception cref="MigrateException">The text is neither form (<see cref="FailureKind.Usage"/>); the message never repeats it.</exception>
    public static ConnectionSettings Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length == 0)
            throw new MigrateException(FailureKind.Usage, "the database URL is empty");
        return new ConnectionSettings(PostgresUrl.IsUrl(text) ? PostgresUrl.Parse(text) : ParseKeywords(text));
    }

    /// <summary>A copy of these settings pointing at another database on the same server.</summary>
    public ConnectionSettings WithDatabase(string database) =>
        new(new NpgsqlConnectionStringBuilder(Builder.ConnectionString) { Database = database });

    static NpgsqlConnectionStringBuilder ParseKeywords(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql's message can quote a value; only the shape of the mistake is safe to show.
            throw new MigrateException(FailureKind.Usage,
                "the database URL is not valid: expected postgres://user:password@host:port/database or Npgsql keywords such as Host=…;Database=… "
                + $"({DescribeKeywordError(e)})");
        }
    }

    static string DescribeKeywordError(Exception e) =>
        e is ArgumentException { ParamName: { } name } && !string.Equals(name, "connectionString", StringComparison.OrdinalIgnoreCase)
            ? $"problem with keyword '{name}'"
            : e is ArgumentException && e.Message.StartsWith("Keyword not supported", StringComparison.Ordinal)
                ? e.Message.Split('\n')[0]
                : "the text is not a list of key=value pairs";

}
