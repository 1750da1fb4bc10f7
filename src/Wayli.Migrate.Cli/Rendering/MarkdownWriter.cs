using System.Text;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// Builds a GitHub-flavoured markdown document (for a pull-request comment or a job summary): headings, paragraphs,
/// tables, code blocks and collapsed details, with every piece of text escaped where markdown would read it as markup.
/// <see cref="MarkdownOutput"/> writes each command's result with it.
/// </summary>
internal sealed class MarkdownWriter
{
    readonly StringBuilder _text = new();

    /// <summary>A heading of level <paramref name="level"/> (1 to 6).</summary>
    public MarkdownWriter Heading(int level, string text) => Block($"{new string('#', level)} {Escape(text)}");

    /// <summary>A paragraph of plain text, escaped.</summary>
    public MarkdownWriter Paragraph(string text) => Block(Escape(text));

    /// <summary>A paragraph of markdown the caller built (with <see cref="Code"/>, <see cref="Bold"/>, <see cref="Escape"/>).</summary>
    public MarkdownWriter Markdown(string markdown) => Block(markdown);

    /// <summary>A bulleted list of markdown items.</summary>
    public MarkdownWriter List(IEnumerable<string> items) => Block(string.Join('\n', items.Select(i => "- " + i)));

    /// <summary>A table; cells are markdown (escape text with <see cref="Cell"/>).</summary>
    public MarkdownWriter Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new StringBuilder();
        table.Append("| ").AppendJoin(" | ", header).Append(" |\n");
        table.Append('|').AppendJoin('|', header.Select(_ => "---")).Append("|\n");
        foreach (var row in rows)
            table.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        return Block(table.ToString().TrimEnd('\n'));
    }

    /// <summary>A fenced code block, its fence longer than any backtick run inside.</summary>
    public MarkdownWriter CodeBlock(string code, string language = "")
    {
        var fence = new string('`', Math.Max(3, LongestRun(code, '`') + 1));
        return Block($"{fence}{language}\n{code.TrimEnd('\n')}\n{fence}");
    }

    /// <summary>A collapsed section: <paramref name="summary"/> (text), opened to show what <paramref name="body"/> writes.</summary>
    public MarkdownWriter Details(string summary, Action<MarkdownWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Block($"<details><summary>{System.Net.WebUtility.HtmlEncode(summary)}</summary>");
        body(this);
        return Block("</details>");
    }

    /// <summary>The document.</summary>
    public override string ToString() => _text.ToString().TrimEnd('\n') + "\n";

    /// <summary>Inline code, its backtick fence longer than any run inside.</summary>
    public static string Code(string text)
    {
        var fence = new string('`', LongestRun(text, '`') + 1);
        var padding = text.StartsWith('`') || text.EndsWith('`') ? " " : "";
        return $"{fence}{padding}{text.Replace('\n', ' ')}{padding}{fence}";
    }

    /// <summary>Bold text.</summary>
    public static string Bold(string text) => $"**{Escape(text)}**";

    /// <summary>Text a table cell can hold: escaped, its pipes too, on one line.</summary>
    public static string Cell(string text) => Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    /// <summary>Plain text, with the characters markdown would take for markup escaped.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\`*_{}[]<>#|~".Contains(c, StringComparison.Ordinal))
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    MarkdownWriter Block(string block)
    {
        _text.Append(block).Append("\n\n");
        return this;
    }

    static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
