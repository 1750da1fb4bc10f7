using System.Text;
using System.Text.RegularExpressions;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Conversion;

/// <summary>
/// Reads a dbmate project: <c>VERSION_name.sql</c> files with a <c>-- migrate:up</c> block and a <c>-- migrate:down</c>
/// block (which may be empty). <c>transaction:false</c> after a marker becomes <c>-- migrate:no-transaction</c> for
/// that part. This tool reads the same markers, so the text itself is kept.
/// </summary>
internal static partial class DbmateProject
{
    public static List<SourceMigration> Read(string directory, List<SourceProblem> problems, List<string> notes)
    {
        var migrations = new List<SourceMigration>();
        foreach (var (path, name, match) in ProjectConverter.MatchingFiles(directory, FileName(), "a dbmate migration (VERSION_name.sql)", notes))
        {
            if (Parse(path, ProjectConverter.ReadText(path), problems) is { } parts)
            {
                migrations.Add(new SourceMigration(MigrationKind.Versioned, match.Groups[1].Value, match.Groups[2].Value, parts.Up, parts.Down,
                    parts.UpNoTransaction, parts.DownNoTransaction, [name]));
            }
        }
        return migrations;
    }

    static (string Up, string? Down, bool UpNoTransaction, bool DownNoTransaction)? Parse(string path, string text, List<SourceProblem> problems)
    {
        StringBuilder? up = null, down = null;
        var (upNoTransaction, downNoTransaction, failed) = (false, false, false);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var marker = Marker().Match(line);
            if (!marker.Success)
            {
                if (up is null && ProjectConverter.IsSql(line))
                {
                    problems.Add(new SourceProblem(path, i + 1, 1, "has SQL before its -- migrate:up block, which dbmate does not run: move it into the block or remove it"));
                    failed = true;
                }
                (down ?? up)?.Append(lines[i]).Append(i < lines.Length - 1 ? "\n" : "");
                continue;
            }
            var options = marker.Groups[2].Value.Trim();
            var noTransaction = options.Contains("transaction:false", StringComparison.OrdinalIgnoreCase);
            if (options.Length > 0 && !noTransaction && !options.Equals("transaction:true", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new SourceProblem(path, i + 1, 1, $"has an option dbmate does not know: '{options}'"));
                failed = true;
            }
            if (marker.Groups[1].Value.Equals("up", StringComparison.OrdinalIgnoreCase) && up is null)
                (up, upNoTransaction) = (new StringBuilder(), noTransaction);
            else if (marker.Groups[1].Value.Equals("down", StringComparison.OrdinalIgnoreCase) && up is not null && down is null)
                (down, downNoTransaction) = (new StringBuilder(), noTransaction);
            else
            {
                problems.Add(new SourceProblem(path, i + 1, 1, $"'{line.Trim()}' is out of place: a dbmate file has one up block, then one down block"));
                failed = true;
            }
        }
        if (up is null)
        {
            problems.Add(new SourceProblem(path, null, null, "has no -- migrate:up block, which dbmate requires"));
            return null;
        }
        return failed ? null : (up.ToString(), down?.ToString(), upNoTransaction, downNoTransaction);
    }

    [GeneratedRegex(@"^([0-9]+)_(.+)\.sql$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^--\s*migrate:(up|down)\b(.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();
}
