namespace Wayli.Migrate.Sources;

/// <summary>
/// The parts of a migration file name of the form <c>VERSION_description.sql</c>
/// (documented form: <c>YYYYMMDDHHMMSS_description.sql</c>), or the name of a repeatable migration or a callback,
/// which live in their own subfolders and have no version.
/// </summary>
/// <param name="Version">The numeric version (zero for repeatables and callbacks).</param>
/// <param name="VersionText">The version exactly as written in the name, leading zeros kept; for a repeatable migration
/// or a callback, its path in the migrations folder (<c>repeatable/views.sql</c>), which is also its history key.</param>
/// <param name="Description">The text between the first underscore and <c>.sql</c>; a repeatable's or callback's name without <c>.sql</c>.</param>
public sealed record MigrationFileName(MigrationVersion Version, string VersionText, string Description)
{
    /// <summary>The extension every migration file has, compared case-sensitively like the rest of the name.</summary>
    public const string Extension = ".sql";

    /// <summary>The subfolder of the migrations folder that holds repeatable migrations.</summary>
    public const string RepeatableFolder = "repeatable";

    /// <summary>The subfolder of the migrations folder that holds callbacks.</summary>
    public const string CallbackFolder = "callbacks";

    /// <summary>What the file is: versioned, repeatable or a callback.</summary>
    public MigrationKind Kind { get; init; } = MigrationKind.Versioned;

    /// <summary>The event a callback runs at; null for migrations.</summary>
    public CallbackEvent? Event { get; init; }

    /// <summary>The name of the repeatable migration <c>repeatable/<paramref name="fileName"/></c>.</summary>
    /// <returns>The name, or null with <paramref name="problem"/> set when the file does not end in <c>.sql</c>.</returns>
    public static MigrationFileName? TryParseRepeatable(string fileName, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        problem = fileName.EndsWith(Extension, StringComparison.Ordinal) && fileName.Length > Extension.Length ? null
            : $"a repeatable migration's name must end in '{Extension}' (lower case)";
        return problem is null
            ? new MigrationFileName(default, $"{RepeatableFolder}/{fileName}", fileName[..^Extension.Length]) { Kind = MigrationKind.Repeatable }
            : null;
    }

    /// <summary>
    /// The name of the callback <c>callbacks/<paramref name="fileName"/></c>: an event name (<c>beforeMigrate</c>,
    /// <c>afterEachMigrate</c>, <c>afterMigrate</c>), optionally followed by <c>__description</c>, then <c>.sql</c>.
    /// </summary>
    /// <example><c>afterMigrate__reload_postgrest.sql</c> runs after each <c>migrate</c> run.</example>
    /// <returns>The name, or null with <paramref name="problem"/> set.</returns>
    public static MigrationFileName? TryParseCallback(string fileName, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        problem = null;
        var stem = fileName.EndsWith(Extension, StringComparison.Ordinal) ? fileName[..^Extension.Length] : null;
        var eventName = stem?.Split("__", 2)[0];
        CallbackEvent? callbackEvent = eventName switch
        {
            "beforeMigrate" => CallbackEvent.BeforeMigrate,
            "afterEachMigrate" => CallbackEvent.AfterEachMigrate,
            "afterMigrate" => CallbackEvent.AfterMigrate,
            _ => null,
        };
        if (callbackEvent is null)
        {
            problem = "not a callback name: it must be beforeMigrate, afterEachMigrate or afterMigrate, optionally followed by "
                + $"__description, then '{Extension}' (as afterMigrate__reload_api.sql)";
            return null;
        }
        return new MigrationFileName(default, $"{CallbackFolder}/{fileName}", stem!) { Kind = MigrationKind.Callback, Event = callbackEvent };
    }

    /// <summary>
    /// Parses <paramref name="fileName"/>, or says why it is not a migration name.
    /// </summary>
    /// <example><c>20250826000001_basic_tables.sql</c> gives version 20250826000001 and description <c>basic_tables</c>.</example>
    /// <returns>The parsed name, or null with <paramref name="problem"/> set.</returns>
    public static MigrationFileName? TryParse(string fileName, out string? problem)
    {
        problem = null;
        if (!fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            problem = $"the name must end in '{Extension}' (lower case)";
            return null;
        }
        var stem = fileName.AsSpan(0, fileName.Length - Extension.Length);
        var underscore = stem.IndexOf('_');
        if (underscore < 0)
        {
            problem = "the name must be VERSION_description.sql (for example 20250101120000_create_users.sql): no '_' after the version";
            return null;
        }
        if (!MigrationVersion.TryParse(stem[..underscore], out var version))
        {
            problem = underscore == 0
                ? "the name must start with a numeric version (YYYYMMDDHHMMSS), as in 20250101120000_create_users.sql"
                : $"the version '{stem[..underscore]}' must contain digits only (YYYYMMDDHHMMSS)";
            return null;
        }
        var description = stem[(underscore + 1)..];
        if (description.IsWhiteSpace())
        {
            problem = "the description after the '_' is empty";
            return null;
        }
        return new MigrationFileName(version, stem[..underscore].ToString(), description.ToString());
    }
}
