namespace Wayli.Migrate.Sources;

/// <summary>
/// The parts of a migration file name of the form <c>VERSION_description.sql</c>
/// (documented form: <c>YYYYMMDDHHMMSS_description.sql</c>).
/// </summary>
/// <param name="Version">The numeric version.</param>
/// <param name="VersionText">The version exactly as written in the name, leading zeros kept.</param>
/// <param name="Description">The text between the first underscore and <c>.sql</c>.</param>
public sealed record MigrationFileName(MigrationVersion Version, string VersionText, string Description)
{
    /// <summary>The extension every migration file has, compared case-sensitively like the rest of the name.</summary>
    public const string Extension = ".sql";

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
