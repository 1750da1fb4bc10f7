using System.Text.RegularExpressions;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Architecture;

/// <summary>
/// Which folders of the engine (<c>src/Wayli.Migrate</c>) each folder's source files refer to: through a <c>using</c>,
/// a fully qualified name (<c>Wayli.Migrate.Sql.SqlLexer</c>) or a name qualified by a sibling folder
/// (<c>Sql.TransactionMode</c>). Comments and string literals do not count. Files directly in the engine's root
/// folder form the node <c>(root)</c>.
/// </summary>
public sealed partial class SourceDependencies
{
    /// <summary>The node of the files directly in <c>src/Wayli.Migrate</c>.</summary>
    public const string Root = "(root)";

    SourceDependencies(IReadOnlyList<string> folders, IReadOnlyDictionary<string, IReadOnlySet<string>> edges, IReadOnlyList<(string File, string Reference)> cliReferences)
    {
        Folders = folders;
        Edges = edges;
        CliReferences = cliReferences;
    }

    /// <summary>The engine's folders.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>For each folder, the other folders its files refer to.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Edges { get; }

    /// <summary>Engine files that refer to the command-line project, with the reference.</summary>
    public IReadOnlyList<(string File, string Reference)> CliReferences { get; }

    /// <summary>Reads the engine's source files.</summary>
    public static SourceDependencies Read() => Read(Path.Combine(Paths.Repository, "src", "Wayli.Migrate"), extraFile: null);

    /// <summary>Reads the source files under <paramref name="engine"/>, plus one extra file's text as if it were in a folder (to test the test).</summary>
    public static SourceDependencies Read(string engine, (string Folder, string Text)? extraFile)
    {
        var folders = Directory.GetDirectories(engine).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not "bin" and not "obj").Order(StringComparer.Ordinal).ToList();
        var edges = folders.Append(Root).ToDictionary(f => f, _ => new SortedSet<string>(StringComparer.Ordinal));
        var cli = new List<(string, string)>();
        var files = Directory.GetFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Folder: FolderOf(engine, f), Name: Path.GetRelativePath(engine, f), Text: File.ReadAllText(f)))
            .ToList();
        if (extraFile is { } extra)
            files.Add((extra.Folder, $"{extra.Folder}/Extra.cs", extra.Text));
        foreach (var (folder, name, text) in files)
        {
            var code = WithoutCommentsAndStrings(text);
            foreach (Match reference in Qualified().Matches(code))
            {
                var target = reference.Groups["folder"].Value;
                if (target == "Cli")
                    cli.Add((name, reference.Value));
                else if (target != folder && edges.ContainsKey(target))
                    edges[folder].Add(target);
            }
            foreach (var target in folders.Where(t => t != folder && Regex.IsMatch(code, $@"(?<![\w.]){t}\.[A-Z]\w*")))
                edges[folder].Add(target);
        }
        return new SourceDependencies(folders, edges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value), cli);
    }

    /// <summary>Every cycle, as a path that starts and ends at the same folder (<c>History → Planning → History</c>).</summary>
    public IReadOnlyList<string> Cycles()
    {
        var cycles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (from, targets) in Edges)
        {
            foreach (var to in targets)
            {
                if (PathBetween(to, from) is { } back)
                    cycles.Add(string.Join(" → ", back.Prepend(from)));
            }
        }
        return [.. cycles];
    }

    List<string>? PathBetween(string start, string goal)
    {
        var previous = new Dictionary<string, string?> { [start] = null };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node == goal)
            {
                var path = new List<string>();
                for (string? at = node; at is not null; at = previous[at])
                    path.Insert(0, at);
                return path;
            }
            foreach (var next in Edges.GetValueOrDefault(node) ?? new HashSet<string>())
            {
                if (previous.TryAdd(next, node))
                    queue.Enqueue(next);
            }
        }
        return null;
    }

    static string FolderOf(string engine, string file)
    {
        var relative = Path.GetRelativePath(engine, file);
        var separator = relative.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return separator < 0 ? Root : relative[..separator];
    }

    static string WithoutCommentsAndStrings(string text) => CommentOrString().Replace(text, "");

    [GeneratedRegex(@"\bWayli\.Migrate\.(?<folder>\w+)")]
    private static partial Regex Qualified();

    // Comments, verbatim/raw/regular strings and character literals; good enough for this code base's sources.
    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|\$*""""""[\s\S]*?""""""|(?:\$@|@\$?)""(?:[^""]|"""")*""|\$?""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)'", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
