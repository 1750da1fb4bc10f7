using System.Text.RegularExpressions;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Conversion;

/// <summary>
/// Reads a golang-migrate project: <c>{version}_{title}.up.sql</c> beside an optional <c>{version}_{title}.down.sql</c>.
/// Each pair becomes one file, the down file as its <c>-- migrate:down</c> part. golang-migrate has no directive for
/// running outside a transaction; this tool detects such files by their statements.
/// </summary>
internal static partial class GolangMigrateProject
{
    public static List<SourceMigration> Read(string directory, List<SourceProblem> problems, List<string> notes)
    {
        var pairs = new SortedDictionary<string, (string Title, string? Up, string? Down, List<string> From)>(StringComparer.Ordinal);
        const string Expected = "a golang-migrate migration ({version}_{title}.up.sql or .down.sql)";
        foreach (var (path, name, match) in ProjectConverter.MatchingFiles(directory, FileName(), Expected, notes))
        {
            var (version, title, direction) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
            var pair = pairs.GetValueOrDefault(version, (title, null, null, []));
            var text = ProjectConverter.ReadText(path);
            if ((direction == "up" ? pair.Up : pair.Down) is not null)
            {
                problems.Add(new SourceProblem(path, null, null, $"has the version {version} of {string.Join(", ", pair.From)}: golang-migrate would refuse both"));
                continue;
            }
            pair = direction == "up" ? pair with { Up = text } : pair with { Down = text };
            pair.From.Add(name);
            pairs[version] = pair;
        }
        var migrations = new List<SourceMigration>();
        foreach (var (version, (title, up, down, from)) in pairs)
        {
            if (up is null)
            {
                problems.Add(new SourceProblem(Path.Combine(directory, from[0]), null, null, $"is a down migration without {version}_{title}.up.sql"));
                continue;
            }
            migrations.Add(new SourceMigration(MigrationKind.Versioned, version, title, up, down, false, false, from));
        }
        return migrations;
    }

    [GeneratedRegex(@"^([0-9]+)_(.+)\.(up|down)\.sql$")]
    private static partial Regex FileName();
}
