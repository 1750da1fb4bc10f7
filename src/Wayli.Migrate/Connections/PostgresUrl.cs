using Npgsql;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Connections;

/// <summary>
/// Reads libpq-style connection URLs: <c>postgres[ql]://[user[:password]@][host][:port][/database][?param=value&amp;…]</c>.
/// Query parameters use libpq's names (<c>sslmode</c>, <c>application_name</c>, <c>connect_timeout</c>, <c>host</c> for a
/// Unix socket folder, …); an unknown one is an error rather than silently ignored.
/// </summary>
internal static class PostgresUrl
{
    static readonly string[] Schemes = ["postgres://", "postgresql://"];

    /// <summary>True when <paramref name="text"/> starts with one of the URL schemes.</summary>
    public static bool IsUrl(string text) => Schemes.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses the URL into Npgsql settings.</summary>
    /// <exception cref="MigrateException">The URL is malformed; the message never repeats the URL.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw Invalid("it is not a well-formed URL (percent-encode special characters such as @, : or / in the password)");
        var builder = new NpgsqlConnectionStringBuilder();
        ApplyUserInfo(uri, builder);
        if (!string.IsNullOrEmpty(uri.Host))
            builder.Host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : Uri.UnescapeDataString(uri.Host);
        if (uri.Port > 0)
            builder.Port = uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
            builder.Database = database;
        foreach (var (key, value) in QueryParameters(uri.Query))
            ApplyParameter(builder, key, value);
        return builder;
    }

    static void ApplyUserInfo(Uri uri, NpgsqlConnectionStringBuilder builder)
    {
        if (uri.UserInfo.Length == 0)
            return;
        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? uri.UserInfo : uri.UserInfo[..colon];
        if (user.Length > 0)
            builder.Username = Uri.UnescapeDataString(user);
        if (colon >= 0)
            builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
    }

    static IEnumerable<(string Key, string Value)> QueryParameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw Invalid($"the query parameter '{Uri.UnescapeDataString(equals < 0 ? pair : "=")}' has no value");
            yield return (Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')));
        }
    }

    static void ApplyParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode": builder.SslMode = ParseSslMode(value); break;
            case "application_name": builder.ApplicationName = value; break;
            case "connect_timeout": builder.Timeout = ParseInt(key, value); break;
            case "host": builder.Host = value; break;
            case "port": builder.Port = ParseInt(key, value); break;
            case "user": builder.Username = value; break;
            case "password":
                builder.Password = value;
                break;
            case "dbname": builder.Database = value; break;
            case "options": builder.Options = value; break;
            case "sslrootcert": builder.RootCertificate = value; break;
            case "sslcert": builder.SslCertificate = value; break;
            case "sslkey": builder.SslKey = value; break;
            case "target_session_attrs": builder.TargetSessionAttributes = value; break;
            case "keepalives_idle": builder.KeepAlive = ParseInt(key, value); break;
            default:
                throw Invalid($"the query parameter '{key}' is not supported (supported: sslmode, application_name, connect_timeout, host, port, user, password, dbname, options, sslrootcert, sslcert, sslkey, target_session_attrs, keepalives_idle)");
        }
    }

    static SslMode ParseSslMode(string value) => value.ToLowerInvariant() switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw Invalid($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
    };

    static int ParseInt(string key, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid($"the query parameter '{key}' must be a whole number");

    static MigrateException Invalid(string why) =>
        new(FailureKind.Usage, $"the database URL is not valid: {why}");
}
