using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Cli.Options;

/// <summary>
/// Where an option's value comes from when it is not on the command line: the environment
/// (<c>WAYLI_MIGRATE_LOCK_TIMEOUT</c> for <c>--lock-timeout</c>), then <c>wayli-migrate.toml</c>
/// (<c>lock-timeout = "30s"</c>), then the option's default. Flags win over both.
/// </summary>
/// <param name="context">The environment and working folder to read.</param>
/// <param name="keys">The settings a config file may hold: the options' names without their dashes.</param>
internal sealed class SettingSources(CliContext context, Func<IEnumerable<string>> keys)
{
    /// <summary>The prefix of every environment variable the tool reads (besides DATABASE_URL).</summary>
    public const string EnvironmentPrefix = "WAYLI_MIGRATE_";

    ConfigFile? _file;
    bool _fileLoaded;

    /// <summary>The config file, read on first use; null when the working folder has none.</summary>
    public ConfigFile? File
    {
        get
        {
            if (!_fileLoaded)
            {
                _file = ConfigFile.Load(context.WorkingDirectory, keys().ToHashSet(StringComparer.Ordinal));
                _fileLoaded = true;
            }
            return _file;
        }
    }

    /// <summary>The environment variable for a setting: <c>lock-timeout</c> → <c>WAYLI_MIGRATE_LOCK_TIMEOUT</c>.</summary>
    public static string EnvironmentName(string key) => EnvironmentPrefix + key.ToUpperInvariant().Replace('-', '_');

    /// <summary>An environment variable's value, or null.</summary>
    public string? Environment(string name) => context.Environment(name);

    /// <summary>The setting from the environment, else the config file, else null.</summary>
    public string? Get(string key) =>
        context.Environment(EnvironmentName(key)) is { Length: > 0 } fromEnvironment ? fromEnvironment : File?.Get(key);

    /// <summary>A yes/no setting: true, false, 1, 0, yes, no.</summary>
    public bool Flag(string key) => Get(key)?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "0" or "no" => false,
        "true" or "1" or "yes" => true,
        var other => throw new MigrateException(FailureKind.Usage, $"{key} must be true or false, not '{other}' ({EnvironmentName(key)} or {ConfigFile.FileName})"),
    };

    /// <summary>A whole-number setting, or <paramref name="fallback"/> when absent.</summary>
    public int Number(string key, int fallback) => Get(key) is not { } text ? fallback
        : int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
        : throw new MigrateException(FailureKind.Usage, $"{key} must be a whole number, not '{text}' ({EnvironmentName(key)} or {ConfigFile.FileName})");
}
