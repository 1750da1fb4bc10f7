using System.Text.RegularExpressions;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Conversion;

/// <summary>
/// Reads a Flyway project: versioned <c>V{version}__{description}.sql</c> (<c>_</c> in a version is a dot), undo
/// <c>U{version}__{description}.sql</c> (the down part of the same version), repeatable <c>R__{description}.sql</c>
/// (a repeatable migration here), and the callbacks this tool has (<c>beforeMigrate</c>, <c>afterEachMigrate</c>,
/// <c>afterMigrate</c>, with or without <c>__description</c>). <c>executeInTransaction=false</c> in a file's
/// <c>.sql.conf</c> becomes <c>-- migrate:no-transaction</c>. Placeholders (<c>${…}</c>) are not replaced here, so a
/// file that uses one cannot be converted.
/// </summary>
internal static partial class FlywayProject
{
    public static List<SourceMigration> Read(string directory, List<SourceProblem> problems, List<string> notes)
    {
        var versioned = new Dictionary<string, (string Version, string Description, string Up, bool NoTransaction, string From)>(StringComparer.Ordinal);
        var undo = new Dictionary<string, (string Down, bool NoTransaction, string From, string Path)>(StringComparer.Ordinal);
        var others = new List<SourceMigration>();
        foreach (var path in ProjectConverter.Files(directory))
        {
            var name = Path.GetFileName(path);
            var text = ProjectConverter.ReadText(path);
            var noTransaction = ExecutesOutsideTransaction(path);
            if (Placeholder().Match(text) is { Success: true } placeholder)
            {
                var line = text[..placeholder.Index].Count(c => c == '\n') + 1;
                problems.Add(new SourceProblem(path, line, null,
                    $"uses the Flyway placeholder {placeholder.Value}, which Flyway replaces and Wayli Migrate does not: write its value in the file"));
                continue;
            }
            if (Versioned().Match(name) is { Success: true } v)
            {
                var version = v.Groups[2].Value.Replace('_', '.');
                var key = ProjectConverter.VersionKey(version);
                if (v.Groups[1].Value == "V")
                {
                    if (!versioned.TryAdd(key, (version, v.Groups[3].Value, text, noTransaction, name)))
                        problems.Add(new SourceProblem(path, null, null, $"has the version {version} of {versioned[key].From}: Flyway would refuse both"));
                }
                else if (!undo.TryAdd(key, (text, noTransaction, name, path)))
                    problems.Add(new SourceProblem(path, null, null, $"undoes version {version} again, after {undo[key].From}"));
            }
            else if (Repeatable().Match(name) is { Success: true } r)
                others.Add(new SourceMigration(MigrationKind.Repeatable, null, r.Groups[1].Value, text, null, noTransaction, false, [name]));
            else if (Callback().Match(name) is { Success: true } c)
            {
                if (c.Groups[1].Value is "beforeMigrate" or "afterEachMigrate" or "afterMigrate")
                    others.Add(new SourceMigration(MigrationKind.Callback, null, Path.GetFileNameWithoutExtension(name), text, null, noTransaction, false, [name]));
                else
                    notes.Add($"{name}: Wayli Migrate has no {c.Groups[1].Value} callback (it has beforeMigrate, afterEachMigrate and afterMigrate); left out");
            }
            else
                notes.Add($"{name} is not a Flyway migration or callback; left out");
        }
        var migrations = new List<SourceMigration>();
        foreach (var (key, (version, description, up, noTransaction, from)) in versioned)
        {
            var down = undo.Remove(key, out var u) ? u : default;
            migrations.Add(new SourceMigration(MigrationKind.Versioned, version, description, up, down.Down, noTransaction, down.NoTransaction,
                down.From is null ? [from] : [from, down.From]));
        }
        foreach (var (_, orphan) in undo)
            problems.Add(new SourceProblem(orphan.Path, null, null, "undoes a version no V file has"));
        return [.. migrations, .. others];
    }

    /// <summary>True when the file's <c>.sql.conf</c> says <c>executeInTransaction=false</c>.</summary>
    static bool ExecutesOutsideTransaction(string path) =>
        File.Exists(path + ".conf") && File.ReadAllLines(path + ".conf")
            .Any(l => l.Replace(" ", "", StringComparison.Ordinal).Equals("executeInTransaction=false", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^([VU])([0-9]+(?:[._][0-9]+)*)__(.+)\.sql$")]
    private static partial Regex Versioned();

    [GeneratedRegex(@"^R__(.+)\.sql$")]
    private static partial Regex Repeatable();

    [GeneratedRegex(@"^([a-zA-Z]+)(?:__.+)?\.sql$")]
    private static partial Regex Callback();

    [GeneratedRegex(@"\$\{[^}\s]+\}")]
    private static partial Regex Placeholder();
}
