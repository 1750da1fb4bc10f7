namespace Wayli.Migrate.Sql;

/// <summary>
/// The significant tokens of one statement (comments and whitespace dropped), with bare words upper-cased, for
/// rules that look at a statement's shape rather than its text.
/// </summary>
internal sealed class StatementTokens
{
    // Text is upper-cased for bare words; Original keeps the token as written.
    readonly List<(SqlTokenKind Kind, string Text, string Original)> _tokens = [];

    StatementTokens(string text)
    {
        var scanner = new SqlScanner(text);
        while (scanner.Next(out var token))
        {
            if (token.IsTrivia || token.Kind == SqlTokenKind.Semicolon)
                continue;
            var slice = text.Substring(token.Start, token.Length);
            _tokens.Add((token.Kind, token.Kind == SqlTokenKind.Word ? slice.ToUpperInvariant() : slice, slice));
        }
    }

    /// <summary>Tokenises a statement's text.</summary>
    public static StatementTokens Of(string text) => new(text);

    /// <summary>How many significant tokens there are.</summary>
    public int Count => _tokens.Count;

    /// <summary>The upper-cased word at <paramref name="index"/>, or null when that token is not a bare word.</summary>
    public string? Word(int index) =>
        index < _tokens.Count && _tokens[index].Kind == SqlTokenKind.Word ? _tokens[index].Text : null;

    /// <summary>True when the statement starts with these words, in order.</summary>
    public bool StartsWith(params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (Word(i) != words[i])
                return false;
        }
        return true;
    }

    /// <summary>True when the word appears anywhere among the tokens.</summary>
    public bool Contains(string word) => IndexOf(word) >= 0;

    /// <summary>The first position of a word, or -1.</summary>
    public int IndexOf(string word, int from = 0)
    {
        for (var i = from; i < _tokens.Count; i++)
        {
            if (_tokens[i].Kind == SqlTokenKind.Word && _tokens[i].Text == word)
                return i;
        }
        return -1;
    }

    /// <summary>True when <paramref name="first"/> is directly followed by <paramref name="second"/> somewhere.</summary>
    public bool ContainsPair(string first, string second)
    {
        for (var i = IndexOf(first); i >= 0; i = IndexOf(first, i + 1))
        {
            if (Word(i + 1) == second)
                return true;
        }
        return false;
    }

    /// <summary>
    /// True when an option such as <c>create_slot = false</c> is switched off: the option's word, an optional
    /// <c>=</c>, then <c>false</c>, <c>off</c>, <c>0</c> or those quoted.
    /// </summary>
    public bool OptionIsOff(string option)
    {
        for (var i = IndexOf(option); i >= 0; i = IndexOf(option, i + 1))
        {
            var value = i + 1 < _tokens.Count && _tokens[i + 1].Text == "=" ? i + 2 : i + 1;
            if (value < _tokens.Count && _tokens[value].Text.Trim('\'').ToUpperInvariant() is "FALSE" or "OFF" or "0")
                return true;
        }
        return false;
    }

    /// <summary>
    /// The possibly qualified, possibly quoted name starting at <paramref name="index"/>, as written
    /// (<c>storage."Objects_idx"</c>), or null when no name starts there.
    /// </summary>
    public string? NameAt(int index)
    {
        var parts = new List<string>();
        while (index < _tokens.Count && _tokens[index].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            parts.Add(_tokens[index].Original);
            if (index + 1 >= _tokens.Count || _tokens[index + 1].Text != ".")
                break;
            index += 2;
        }
        return parts.Count == 0 ? null : string.Join('.', parts);
    }

    /// <summary>The bodies of the dollar-quoted strings in the statement, without their delimiters.</summary>
    public IEnumerable<string> DollarQuotedBodies()
    {
        foreach (var (kind, text, _) in _tokens)
        {
            if (kind != SqlTokenKind.DollarString)
                continue;
            var tagLength = text.IndexOf('$', 1) + 1;
            if (tagLength > 0 && text.Length >= tagLength * 2)
                yield return text[tagLength..^tagLength];
        }
    }
}
