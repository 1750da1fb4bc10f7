namespace Wayli.Migrate.Sql;

/// <summary>
/// The significant tokens of one statement (comments, whitespace and <c>;</c> dropped), with bare words upper-cased,
/// their offsets and parenthesis depth, for code that reads a statement's shape rather than searches its text: a
/// keyword in a comment, a string or a function body never counts. The runner's transaction detection and the lint
/// rules both read statements through this one class.
/// </summary>
/// <example>
/// <c>create index concurrently "Odd" on t (a);</c> gives <c>Word(0)</c> = <c>CREATE</c>, <c>StartsWith("CREATE",
/// "INDEX", "CONCURRENTLY")</c> true, and <c>QualifiedNameAt(3)</c> = <c>"Odd"</c>.
/// </example>
internal sealed class StatementTokens
{
    /// <summary>Passed as a depth: a word counts at any parenthesis depth.</summary>
    public const int AnyDepth = -1;

    readonly List<StatementToken> _tokens = [];
    readonly string _source;

    StatementTokens(string text)
    {
        _source = text;
        var scanner = new SqlScanner(text);
        var depth = 0;
        while (scanner.Next(out var token))
        {
            if (token.IsTrivia || token.Kind == SqlTokenKind.Semicolon)
                continue;
            if (token.Kind == SqlTokenKind.CloseParenthesis && depth > 0)
                depth--;
            var original = text.Substring(token.Start, token.Length);
            var word = token.Kind == SqlTokenKind.Word ? original.ToUpperInvariant() : null;
            _tokens.Add(new StatementToken(token.Kind, original, word, token.Start, depth));
            if (token.Kind == SqlTokenKind.OpenParenthesis)
                depth++;
        }
    }

    /// <summary>Tokenises a statement's text.</summary>
    public static StatementTokens Of(string text) => new(text);

    /// <summary>How many significant tokens there are.</summary>
    public int Count => _tokens.Count;

    /// <summary>The token at <paramref name="index"/>.</summary>
    public StatementToken this[int index] => _tokens[index];

    /// <summary>The upper-cased bare word at <paramref name="index"/>, or null (out of range, or not a bare word).</summary>
    public string? Word(int index) => index >= 0 && index < _tokens.Count ? _tokens[index].Word : null;

    /// <summary>True when the statement starts with these bare words, in order.</summary>
    public bool StartsWith(params string[] words) => WordsAt(0, words);

    /// <summary>True when the bare words starting at <paramref name="index"/> are <paramref name="words"/>, in order.</summary>
    public bool WordsAt(int index, params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (Word(index + i) != words[i])
                return false;
        }
        return true;
    }

    /// <summary>True when <c>IF NOT EXISTS</c> starts at <paramref name="index"/>.</summary>
    public bool IfNotExistsAt(int index) => WordsAt(index, "IF", "NOT", "EXISTS");

    /// <summary>True when <c>IF EXISTS</c> starts at <paramref name="index"/>.</summary>
    public bool IfExistsAt(int index) => WordsAt(index, "IF", "EXISTS");

    /// <summary>True when the bare word appears anywhere, at any depth.</summary>
    public bool Contains(string word) => IndexOf(word, 0, _tokens.Count, AnyDepth) >= 0;

    /// <summary>
    /// The first position in <c>[from, to)</c> of a bare word at parenthesis depth <paramref name="depth"/>
    /// (<see cref="AnyDepth"/> for any), or -1.
    /// </summary>
    public int IndexOf(string word, int from, int to, int depth = 0)
    {
        for (var i = Math.Max(from, 0); i < Math.Min(to, _tokens.Count); i++)
        {
            if ((depth < 0 || _tokens[i].Depth == depth) && _tokens[i].Word == word)
                return i;
        }
        return -1;
    }

    /// <summary>True when <paramref name="first"/> is directly followed by <paramref name="second"/> anywhere, at any depth.</summary>
    public bool ContainsPair(string first, string second) => ContainsPair(first, second, 0, _tokens.Count, AnyDepth);

    /// <summary>
    /// True when <paramref name="first"/> is directly followed by <paramref name="second"/> in <c>[from, to)</c>, the first
    /// at depth <paramref name="depth"/> (<see cref="AnyDepth"/> for any).
    /// </summary>
    public bool ContainsPair(string first, string second, int from, int to, int depth = 0)
    {
        for (var i = IndexOf(first, from, to, depth); i >= 0; i = IndexOf(first, i + 1, to, depth))
        {
            if (i + 1 < to && Word(i + 1) == second)
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
        var all = _tokens.Count;
        for (var i = IndexOf(option, 0, all, AnyDepth); i >= 0; i = IndexOf(option, i + 1, all, AnyDepth))
        {
            var value = i + 1 < all && _tokens[i + 1].Original == "=" ? i + 2 : i + 1;
            if (value < all && _tokens[value].Original.Trim('\'').ToUpperInvariant() is "FALSE" or "OFF" or "0")
                return true;
        }
        return false;
    }

    /// <summary>
    /// The possibly qualified, possibly quoted name at <paramref name="index"/> (<c>storage."Objects"</c>), folded as
    /// PostgreSQL folds it, or null; <paramref name="next"/> is the position after it.
    /// </summary>
    public ObjectName? NameAt(int index, out int next)
    {
        next = index;
        var parts = new List<string>();
        var i = index;
        while (i < _tokens.Count && _tokens[i].IsIdentifier)
        {
            parts.Add(ObjectName.Fold(_tokens[i].Original));
            next = i + 1;
            if (i + 2 >= _tokens.Count || !_tokens[i + 1].IsSymbol('.'))
                break;
            i += 2;
        }
        return parts.Count == 0 ? null : new ObjectName(parts, Slice(index, next));
    }

    /// <summary>
    /// The possibly qualified name at <paramref name="index"/> as written, its parts joined by <c>.</c>
    /// (<c>storage."Objects_idx"</c>), in a form <c>to_regclass</c> accepts: bare and double-quoted identifiers only.
    /// Null when no such name starts there.
    /// </summary>
    public string? QualifiedNameAt(int index)
    {
        var parts = new List<string>();
        while (index < _tokens.Count && _tokens[index].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            parts.Add(_tokens[index].Original);
            if (index + 1 >= _tokens.Count || !_tokens[index + 1].IsSymbol('.'))
                break;
            index += 2;
        }
        return parts.Count == 0 ? null : string.Join('.', parts);
    }

    /// <summary>The position of the parenthesis closing the one at <paramref name="open"/>, or the last token when unbalanced.</summary>
    public int MatchingClose(int open)
    {
        var depth = _tokens[open].Depth;
        for (var i = open + 1; i < _tokens.Count; i++)
        {
            if (_tokens[i].Kind == SqlTokenKind.CloseParenthesis && _tokens[i].Depth == depth)
                return i;
        }
        return _tokens.Count - 1;
    }

    /// <summary>The source text of tokens <c>[from, to)</c>, exactly as written between them.</summary>
    public string Slice(int from, int to) => to <= from ? "" : _source[_tokens[from].Offset.._tokens[to - 1].End];

    /// <summary>The source text of tokens <c>[from, to)</c> on one line: every run of whitespace becomes one space.</summary>
    public string SliceOnOneLine(int from, int to) =>
        string.Join(' ', Slice(from, to).Split((char[])[' ', '\t', '\r', '\n', '\f', '\v'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The plain column names in the parenthesised list at or after <paramref name="from"/> (before <paramref name="to"/>),
    /// such as <c>user_id, started_at</c> from <c>(user_id, started_at DESC)</c>; expressions are skipped.
    /// </summary>
    public IReadOnlyList<string> ColumnsAfter(int from, int to)
    {
        var open = from;
        while (open < to && _tokens[open].Kind != SqlTokenKind.OpenParenthesis)
            open++;
        var columns = new List<string>();
        if (open >= to)
            return columns;
        var depth = _tokens[open].Depth + 1;
        var close = MatchingClose(open);
        for (var i = open + 1; i < close; i++)
        {
            var startsItem = _tokens[i - 1].Kind == SqlTokenKind.OpenParenthesis && i - 1 == open || _tokens[i - 1].IsSymbol(',') && _tokens[i - 1].Depth == depth;
            if (startsItem && _tokens[i].IsIdentifier && _tokens[i].Depth == depth)
                columns.Add(ObjectName.Fold(_tokens[i].Original));
        }
        return columns;
    }

    /// <summary>The bodies of the dollar-quoted strings in the statement, without their delimiters.</summary>
    public IEnumerable<string> DollarQuotedBodies()
    {
        foreach (var token in _tokens)
        {
            if (token.Kind != SqlTokenKind.DollarString)
                continue;
            var tagLength = token.Original.IndexOf('$', 1) + 1;
            if (tagLength > 0 && token.Original.Length >= tagLength * 2)
                yield return token.Original[tagLength..^tagLength];
        }
    }
}
