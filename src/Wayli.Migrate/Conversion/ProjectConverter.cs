using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Conversion;

/// <summary>
/// Converts a project of another migration tool (goose, golang-migrate, dbmate, Flyway) into this tool's layout: one
/// file per migration, its up part first and its down part after <c>-- migrate:down</c>, versions mapped to UTC
/// timestamps in their order (see <see cref="VersionMapping"/>), repeatable migrations under <c>repeatable/</c> and
/// callbacks under <c>callbacks/</c>. Reading changes nothing; every problem is collected, by file and line.
/// </summary>
public static class ProjectConverter
{
    /// <summary>The tools whose projects can be converted.</summary>
    public static readonly IReadOnlyList<string> Tools = ["goose", "golang-migrate", "dbmate", "flyway"];

    const string NoTransaction = "-- migrate:no-transaction\n";

    /// <summary>Reads the project of <paramref name="tool"/> in <paramref name="directory"/> and converts it in memory.</summary>
    /// <exception cref="MigrateException">The tool is unknown or the folder does not exist (<see cref="FailureKind.Usage"/>).</exception>
    public static ConvertedProject Convert(string tool, string directory)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
            throw new MigrateException(FailureKind.Usage, $"the {tool} project folder '{directory}' does not exist");
        var problems = new List<SourceProblem>();
        var notes = new List<string>();
        var read = tool switch
        {
            "goose" => GooseProject.Read(directory, problems, notes),
            "golang-migrate" => GolangMigrateProject.Read(directory, problems, notes),
            "dbmate" => DbmateProject.Read(directory, problems, notes),
            "flyway" => FlywayProject.Read(directory, problems, notes),
            _ => throw new MigrateException(FailureKind.Usage, $"cannot convert a {tool} project: the tools are {string.Join(", ", Tools)}"),
        };
        var versioned = read.Where(m => m.Kind == MigrationKind.Versioned).ToList();
        versioned.Sort((a, b) => CompareVersions(a.Version!, b.Version!));
        for (var i = 1; i < versioned.Count; i++)
        {
            if (VersionKey(versioned[i].Version!) == VersionKey(versioned[i - 1].Version!))
                problems.Add(new SourceProblem(Path.Combine(directory, versioned[i].From[0]), null, null, $"has the same version as {versioned[i - 1].From[0]}"));
        }
        var versions = VersionMapping.Map([.. versioned.Select(m => m.Version!)], out var mappingProblem);
        if (versions is null)
        {
            problems.Add(new SourceProblem(directory, null, null, mappingProblem!));
            return new ConvertedProject(tool, directory, [], problems, notes);
        }
        var files = new List<ConvertedFile>();
        for (var i = 0; i < versioned.Count; i++)
        {
            var (source, version) = (versioned[i], versions[i]);
            var name = version == source.Version ? $"{version}_{source.Description}.sql" : $"{version}_{source.Version}_{source.Description}.sql";
            files.Add(Render(directory, source, name, version, problems));
        }
        foreach (var source in read.Where(m => m.Kind == MigrationKind.Repeatable).OrderBy(m => m.Description, StringComparer.Ordinal))
            files.Add(Render(directory, source, $"{MigrationFileName.RepeatableFolder}/{source.Description}.sql", null, problems));
        foreach (var source in read.Where(m => m.Kind == MigrationKind.Callback).OrderBy(m => m.Description, StringComparer.Ordinal))
            files.Add(Render(directory, source, $"{MigrationFileName.CallbackFolder}/{source.Description}.sql", null, problems));
        return new ConvertedProject(tool, directory, files, problems, notes);
    }

    /// <summary>A version as a comparable key: whole numbers without leading zeros, dotted versions part by part (<c>1.01</c> is <c>1.1</c>).</summary>
    public static string VersionKey(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return string.Join('.', version.Split('.', '_').Select(p => p.TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0"));
    }

    /// <summary>Flyway's order (and every other tool's, for whole numbers): part by part, as numbers.</summary>
    static int CompareVersions(string a, string b)
    {
        var (left, right) = (VersionKey(a).Split('.'), VersionKey(b).Split('.'));
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var x = i < left.Length ? BigInteger.Parse(left[i], CultureInfo.InvariantCulture) : BigInteger.Zero;
            var y = i < right.Length ? BigInteger.Parse(right[i], CultureInfo.InvariantCulture) : BigInteger.Zero;
            if (x != y)
                return x.CompareTo(y);
        }
        return 0;
    }

    /// <summary>The file's text: its up part (with its directive on top), then its down part after <c>-- migrate:down</c>.</summary>
    static ConvertedFile Render(string directory, SourceMigration source, string fileName, string? version, List<SourceProblem> problems)
    {
        var path = Path.Combine(directory, source.From[0]);
        RefuseMarkers(path, source.Up, problems);
        var hasDown = source.Down is { } down && SqlLexer.Split(down).Statements.Any(s => !s.IsEmpty);
        var text = new StringBuilder();
        if (source.UpNoTransaction)
            text.Append(NoTransaction);
        // The text is kept byte for byte, down to a missing last line break, unless a down part must follow it.
        text.Append(hasDown ? EndingInNewLine(source.Up) : source.Up);
        if (hasDown)
        {
            RefuseMarkers(path, source.Down!, problems);
            text.Append("-- migrate:down\n");
            if (source.DownNoTransaction)
                text.Append(NoTransaction);
            text.Append(source.Down);
        }
        return new ConvertedFile(fileName, source.From, source.Version, version, hasDown, source.UpNoTransaction || (hasDown && source.DownNoTransaction),
            text.ToString());
    }

    /// <summary>A line this tool would read as a part marker would cut the file in the wrong place.</summary>
    static void RefuseMarkers(string path, string part, List<SourceProblem> problems)
    {
        var parts = MigrationParts.Of(SqlLexer.Split(part));
        if (parts.DownLine is not null || parts.Problems.Count > 0)
        {
            problems.Add(new SourceProblem(path, null, null,
                "holds a '-- migrate:up' or '-- migrate:down' comment line, which Wayli Migrate reads as a part marker: reword that comment"));
        }
    }

    static string EndingInNewLine(string text) => text.Length == 0 || text.EndsWith('\n') ? text : text + "\n";

    /// <summary>The files of a project folder (not its subfolders), in name order.</summary>
    internal static IEnumerable<string> Files(string directory) =>
        Directory.GetFiles(directory).Where(f => !f.EndsWith(".conf", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>A file's text as UTF-8, without a byte order mark.</summary>
    /// <summary>
    /// The files of <paramref name="directory"/> whose names the tool's <paramref name="fileName"/> pattern matches, with
    /// the match; every other file is noted as left out, saying what the tool's names look like.
    /// </summary>
    internal static IEnumerable<(string Path, string Name, Match Match)> MatchingFiles(string directory, Regex fileName, string expected, List<string> notes)
    {
        foreach (var path in Files(directory))
        {
            var name = Path.GetFileName(path);
            var match = fileName.Match(name);
            if (match.Success)
                yield return (path, name, match);
            else
                notes.Add($"{name} is not {expected}; left out");
        }
    }

    /// <summary>True for a line that holds SQL, not blank and not a line comment: what a tool's marker must come before.</summary>
    internal static bool IsSql(string line) => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal);

    internal static string ReadText(string path) => Encoding.UTF8.GetString(MigrationChecksum.WithoutBom(File.ReadAllBytes(path)));
}
