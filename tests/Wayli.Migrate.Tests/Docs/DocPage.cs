using System.Text.RegularExpressions;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Docs;

/// <summary>A Markdown page of <c>docs/</c>, split into prose lines and fenced code blocks.</summary>
public sealed partial class DocPage
{
    DocPage(string name, IReadOnlyList<SourceLine> prose, IReadOnlyList<CodeBlock> blocks) => (Name, Prose, Blocks) = (name, prose, blocks);

    /// <summary>The documentation folder.</summary>
    public static string Folder => Path.Combine(Paths.Repository, "docs");

    /// <summary>The page's file name, such as <c>commands.md</c>.</summary>
    public string Name { get; }

    /// <summary>Every line outside code blocks, headings included.</summary>
    public IReadOnlyList<SourceLine> Prose { get; }

    /// <summary>Every fenced code block, in page order.</summary>
    public IReadOnlyList<CodeBlock> Blocks { get; }

    /// <summary>The names of all pages, in a stable order.</summary>
    public static IReadOnlyList<string> Names =>
        [.. Directory.GetFiles(Folder, "*.md").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    /// <summary>Every page.</summary>
    public static IReadOnlyList<DocPage> All => [.. Names.Select(Load)];

    /// <summary>Reads and splits one page.</summary>
    public static DocPage Load(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, name));
        var prose = new List<SourceLine>();
        var blocks = new List<CodeBlock>();
        var section = "";
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                if (lines[i].StartsWith("## ", StringComparison.Ordinal))
                    section = lines[i][3..].Trim();
                prose.Add(new SourceLine(i + 1, lines[i], section));
                continue;
            }
            var marker = fence.Groups["marker"].Value;
            var info = fence.Groups["info"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var attributes = info.Skip(1).Select(word => word.Split('=', 2)).Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            var content = new List<SourceLine>();
            var start = i + 1;
            for (i++; i < lines.Length && !IsClosing(lines[i], marker); i++)
                content.Add(new SourceLine(i + 1, lines[i], section));
            if (i >= lines.Length)
                throw new InvalidOperationException($"docs/{name}:{start}: the code block is never closed");
            blocks.Add(new CodeBlock(name, start, info.FirstOrDefault() ?? "", attributes, section, content));
        }
        return new DocPage(name, prose, blocks);
    }

    static bool IsClosing(string line, string marker)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]);
    }

    [GeneratedRegex(@"^\s{0,3}(?<marker>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();
}
