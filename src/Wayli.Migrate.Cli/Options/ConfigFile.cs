using Tomlyn;
using Tomlyn.Model;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Cli.Options;

/// <summary>
/// The optional <c>wayli-migrate.toml</c> in the working folder. Top-level keys are option names without their
/// dashes (<c>dir = "db/migrations"</c>, <c>lock-timeout = "30s"</c>); <c>[lint] disable = ["RULE"]</c> turns lint
/// rules off for the project. Unknown keys are errors, so a typo is not silently ignored.
/// </summary>
internal sealed class ConfigFile
{
    /// <summary>The file's name.</summary>
    public const string FileName = "wayli-migrate.toml";

    readonly TomlTable _table;

    ConfigFile(string path, TomlTable table) => (Path, _table) = (path, table);

    /// <summary>Where it was read from, for messages.</summary>
    public string Path { get; }

    /// <summary>Reads the file from <paramref name="folder"/>, or returns null when there is none.</summary>
    /// <exception cref="MigrateException">The file is not valid TOML or has unknown keys (<see cref="FailureKind.Usage"/>).</exception>
    public static ConfigFile? Load(string folder, IReadOnlySet<string> knownKeys)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path))
            return null;
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize(File.ReadAllText(path), ConfigTomlContext.Default.TomlTable) ?? [];
        }
        catch (TomlException e)
        {
            // The innermost error is the parser's own, with its (line,column).
            var cause = e;
            while (cause.InnerException is TomlException inner)
                cause = inner;
            throw new MigrateException(FailureKind.Usage, $"{path} is not valid TOML: {cause.Message}", e);
        }
        var config = new ConfigFile(path, table);
        config.CheckKeys(knownKeys);
        return config;
    }

    /// <summary>The value of a top-level key as text (numbers and booleans converted), or null when absent.</summary>
    public string? Get(string key) => _table.TryGetValue(key, out var value) ? Text(value) : null;

    /// <summary>The rule ids listed in <c>[lint] disable</c>.</summary>
    public IReadOnlyList<string> DisabledLintRules =>
        _table.TryGetValue("lint", out var lint) && lint is TomlTable table && table.TryGetValue("disable", out var disable) && disable is TomlArray rules
            ? rules.Select(r => Text(r) ?? "").ToList()
            : [];

    /// <summary>The <c>[lint] baseline</c> file, as a full path (relative to this file's folder), or null.</summary>
    public string? LintBaseline =>
        _table.TryGetValue("lint", out var lint) && lint is TomlTable table && table.TryGetValue("baseline", out var baseline)
            && Text(baseline) is { Length: > 0 } file
            ? System.IO.Path.GetFullPath(file, System.IO.Path.GetDirectoryName(Path) ?? ".")
            : null;

    void CheckKeys(IReadOnlySet<string> knownKeys)
    {
        foreach (var (key, value) in _table)
        {
            if (key == "lint" && value is TomlTable lint)
            {
                foreach (var (lintKey, _) in lint)
                {
                    if (lintKey is not ("disable" or "baseline"))
                        throw Unknown($"lint.{lintKey}", "disable, baseline");
                }
                continue;
            }
            if (!knownKeys.Contains(key))
                throw Unknown(key, string.Join(", ", knownKeys.Order(StringComparer.Ordinal)) + ", [lint] disable, [lint] baseline");
        }
    }

    MigrateException Unknown(string key, string known) =>
        new(FailureKind.Usage, $"{Path}: unknown setting '{key}' (known: {known})");

    static string? Text(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
