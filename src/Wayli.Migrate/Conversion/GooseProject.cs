using System.Text;
using System.Text.RegularExpressions;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Conversion;

/// <summary>
/// Reads a goose project: <c>VERSION_name.sql</c> files (sequential <c>00001_</c> or timestamp versions), each with a
/// <c>-- +goose Up</c> section and an optional <c>-- +goose Down</c> section. Annotations are case-insensitive and
/// stand alone on their line. <c>StatementBegin</c>/<c>StatementEnd</c> are dropped (this tool's lexer needs no help
/// with function bodies), <c>NO TRANSACTION</c> becomes <c>-- migrate:no-transaction</c> for both parts; files whose
/// environment variables goose substitutes (<c>ENVSUB ON</c>) and Go migrations cannot be converted.
/// </summary>
internal static partial class GooseProject
{
    public static List<SourceMigration> Read(string directory, List<SourceProblem> problems, List<string> notes)
    {
        var migrations = new List<SourceMigration>();
        foreach (var (path, name, match) in ProjectConverter.MatchingFiles(directory, FileName(), "a goose migration (VERSION_name.sql or .go)", notes))
        {
            if (match.Groups[3].Value == "go")
            {
                problems.Add(new SourceProblem(path, null, null, "is a Go migration, which cannot be converted: write what it does as SQL in a .sql file of the same version"));
                continue;
            }
            if (Parse(path, ProjectConverter.ReadText(path), problems) is { } parts)
            {
                migrations.Add(new SourceMigration(MigrationKind.Versioned, match.Groups[1].Value, match.Groups[2].Value, parts.Up, parts.Down,
                    parts.NoTransaction, parts.NoTransaction, [name]));
            }
        }
        return migrations;
    }

    static (string Up, string? Down, bool NoTransaction)? Parse(string path, string text, List<SourceProblem> problems)
    {
        var (up, down) = (new StringBuilder(), (StringBuilder?)null);
        var (seenUp, noTransaction, failed) = (false, false, false);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var annotation = Annotation().Match(line);
            if (!annotation.Success)
            {
                if (!seenUp && ProjectConverter.IsSql(line))
                {
                    problems.Add(new SourceProblem(path, i + 1, 1, "has SQL before its -- +goose Up annotation, which goose does not run: move it after the annotation or remove it"));
                    failed = true;
                }
                (down ?? up).Append(lines[i]).Append(i < lines.Length - 1 ? "\n" : "");
                continue;
            }
            switch (annotation.Groups[1].Value.Trim().ToLowerInvariant())
            {
                case "up" when !seenUp:
                    seenUp = true;
                    break;
                case "down" when seenUp && down is null:
                    down = new StringBuilder();
                    break;
                case "statementbegin" or "statementend":
                    break;
                case "no transaction":
                    noTransaction = true;
                    break;
                case "envsub off":
                    break;
                case "envsub on":
                    problems.Add(new SourceProblem(path, i + 1, 1,
                        "asks goose to substitute environment variables (-- +goose ENVSUB ON); Wayli Migrate sends SQL as written: put the values in the file"));
                    failed = true;
                    break;
                default:
                    problems.Add(new SourceProblem(path, i + 1, 1, $"has an annotation goose would refuse here: '{line.Trim()}' (one Up, then at most one Down)"));
                    failed = true;
                    break;
            }
        }
        if (!seenUp)
        {
            problems.Add(new SourceProblem(path, null, null, "has no -- +goose Up annotation, which goose requires"));
            return null;
        }
        return failed ? null : (up.ToString(), down?.ToString(), noTransaction);
    }

    [GeneratedRegex(@"^([0-9]+)_(.+)\.(sql|go)$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^--\s\+goose\s(.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Annotation();
}
