namespace Wayli.Migrate.Tests.Docs;

/// <summary>
/// A fenced code block of a page. Its info string is a language and optional <c>key=value</c> attributes:
/// <c>```sql file=supabase/migrations/20250201000000_trip_notes.sql</c>.
/// </summary>
/// <param name="Page">The page's file name, such as <c>commands.md</c>.</param>
/// <param name="Line">The line of the opening fence.</param>
/// <param name="Language">The first word of the info string, or "".</param>
/// <param name="Attributes">The <c>key=value</c> words after it.</param>
/// <param name="Section">The <c>## </c> section the block is in.</param>
/// <param name="Lines">The lines between the fences.</param>
public sealed record CodeBlock(string Page, int Line, string Language, IReadOnlyDictionary<string, string> Attributes, string Section,
    IReadOnlyList<SourceLine> Lines)
{
    /// <summary>The block's text, each line ending in a newline.</summary>
    public string Text => string.Concat(Lines.Select(l => l.Text + "\n"));

    /// <summary>Where the block is, for messages: <c>docs/commands.md:42</c>.</summary>
    public string Location => $"docs/{Page}:{Line}";
}
