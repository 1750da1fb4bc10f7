namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// The part of two definitions that differs, line by line: a function body edited in one place shows that place, not
/// both bodies whole. Lines both share at the start and at the end are counted, not shown.
/// </summary>
/// <param name="Before">The first definition's differing lines.</param>
/// <param name="After">The second definition's differing lines.</param>
/// <param name="SameBefore">How many lines before them both share.</param>
/// <param name="SameAfter">How many lines after them both share.</param>
internal sealed record DefinitionDiff(IReadOnlyList<string> Before, IReadOnlyList<string> After, int SameBefore, int SameAfter)
{
    /// <summary>Compares two definitions; a null one has no lines.</summary>
    public static DefinitionDiff Of(string? before, string? after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
            head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
            tail++;
        return new DefinitionDiff(a[head..^tail], b[head..^tail], head, tail);
    }

    /// <summary>True when both definitions are one line each: they read best side by side, whole.</summary>
    public bool IsShort => SameBefore + SameAfter == 0 && Before.Count <= 1 && After.Count <= 1;

    static string[] Lines(string? text) => text is null ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
