using System.Text.RegularExpressions;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Architecture;

/// <summary>docs/architecture.md describes the code as it is: its folder tables list exactly the folders in src/, and the engine's arrows are the ones the sources have.</summary>
public sealed partial class ArchitectureDocTests
{
    static readonly string[] Page = File.ReadAllLines(Path.Combine(Paths.Repository, "docs", "architecture.md"));

    /// <summary>The rows of the table that follows the line starting with <paramref name="introduction"/>: (folder, last cell).</summary>
    static List<(string Folder, string Last)> Table(string introduction)
    {
        var start = Array.FindIndex(Page, l => l.StartsWith(introduction, StringComparison.Ordinal));
        Assert.True(start >= 0, $"docs/architecture.md has no line starting with '{introduction}'");
        return Page.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)).Where(c => FolderCell().IsMatch(c[1]))
            .Select(c => (FolderCell().Match(c[1]).Groups["name"].Value, c[^2])).ToList();
    }

    static string[] FoldersOf(string project) =>
        [.. Directory.GetDirectories(Path.Combine(Paths.Repository, "src", project)).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not "bin" and not "obj").Order(StringComparer.Ordinal)];

    [Fact]
    public void The_engine_table_lists_every_folder_of_the_engine_and_no_other()
    {
        var documented = Table("The engine, `src/Wayli.Migrate`").Select(r => r.Folder).Order(StringComparer.Ordinal);

        Assert.Equal(FoldersOf("Wayli.Migrate"), documented);
    }

    [Fact]
    public void The_command_line_table_lists_every_folder_of_the_command_line_and_no_other()
    {
        var documented = Table("The command line, `src/Wayli.Migrate.Cli`").Select(r => r.Folder).Order(StringComparer.Ordinal);

        Assert.Equal(FoldersOf("Wayli.Migrate.Cli"), documented);
    }

    [Fact]
    public void Each_engine_folder_refers_to_exactly_the_folders_the_page_says()
    {
        var actual = SourceDependencies.Read().Edges;
        var problems = new List<string>();
        foreach (var (folder, refersTo) in Table("The engine, `src/Wayli.Migrate`").Where(r => r.Folder != "Runs"))
        {
            var documented = FolderCell().Matches(refersTo).Select(m => m.Groups["name"].Value)
                .Concat(Regex.Matches(refersTo, @"\b[A-Z][a-z]+\b").Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
            var real = actual[folder].Where(f => f is not "Failures").ToHashSet(StringComparer.Ordinal);
            if (!real.SetEquals(documented.Intersect(actual.Keys)))
                problems.Add($"{folder}: the page says {string.Join(", ", documented.Intersect(actual.Keys).Order())}; the sources refer to {string.Join(", ", real.Order())}");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [GeneratedRegex(@"`(?<name>[A-Z]\w*)`")]
    private static partial Regex FolderCell();
}
