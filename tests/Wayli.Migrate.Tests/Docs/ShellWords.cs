using System.Text;

namespace Wayli.Migrate.Tests.Docs;

/// <summary>
/// Splits a command line into words the way a POSIX shell does for the simple lines the docs show: blanks separate
/// words; <c>'…'</c> keeps text as it is; <c>"…"</c> keeps blanks and expands variables; a backslash escapes the next
/// character; <c>$NAME</c> and <c>${NAME}</c> expand; a <c>#</c> at the start of a word begins a comment.
/// </summary>
public static class ShellWords
{
    /// <summary>Splits <paramref name="line"/>; <paramref name="variable"/> gives each variable's value.</summary>
    /// <example><c>wayli-migrate status --db-url "$DATABASE_URL"  # exit 4</c> gives three words and the comment <c>exit 4</c>.</example>
    /// <exception cref="FormatException">A quote is not closed, or a variable has no value.</exception>
    public static (IReadOnlyList<string> Words, string? Comment) Split(string line, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(variable);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            if (c == '#' && !inWord)
                return (words, line[(i + 1)..].Trim());
            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                        throw new FormatException($"unclosed ' in: {line}");
                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i = DoubleQuoted(line, i + 1, word, variable);
                    break;
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    break;
                case '$':
                    i = Expand(line, i, word, variable);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return (words, null);
    }

    /// <summary>Reads a double-quoted string starting after its quote; returns the index of the closing quote.</summary>
    static int DoubleQuoted(string line, int start, StringBuilder word, Func<string, string?> variable)
    {
        for (var i = start; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '"':
                    return i;
                case '\\' when i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`':
                    word.Append(line[++i]);
                    break;
                case '$':
                    i = Expand(line, i, word, variable);
                    break;
                default:
                    word.Append(line[i]);
                    break;
            }
        }
        throw new FormatException($"unclosed \" in: {line}");
    }

    /// <summary>Expands the variable whose <c>$</c> is at <paramref name="dollar"/>; returns the index of its last character.</summary>
    static int Expand(string line, int dollar, StringBuilder word, Func<string, string?> variable)
    {
        var braced = dollar + 1 < line.Length && line[dollar + 1] == '{';
        var start = dollar + (braced ? 2 : 1);
        var end = start;
        while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] == '_') && !(end == start && char.IsAsciiDigit(line[end])))
            end++;
        if (end == start || (braced && (end >= line.Length || line[end] != '}')))
        {
            word.Append('$');
            return dollar;
        }
        var name = line[start..end];
        word.Append(variable(name) ?? throw new FormatException($"${name} has no value in the docs' test environment: {line}"));
        return braced ? end : end - 1;
    }
}
