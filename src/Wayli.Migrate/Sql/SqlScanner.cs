namespace Wayli.Migrate.Sql;

/// <summary>
/// Cuts SQL text into tokens the way psql does before it decides where a statement ends. It only
/// tells apart what matters for splitting: quotes, comments, words, parentheses and <c>;</c>.
/// Each token is found with one forward pass; closing delimiters are searched with vectorised
/// span searches, so long bodies cost little more than a memory scan.
/// </summary>
internal ref struct SqlScanner
{
    readonly ReadOnlySpan<char> _text;
    int _position;

    /// <summary>Starts scanning at the beginning of <paramref name="text"/>.</summary>
    public SqlScanner(ReadOnlySpan<char> text) => _text = text;

    /// <summary>Reads the next token; false at the end of the text.</summary>
    public bool Next(out SqlToken token)
    {
        if (_position >= _text.Length)
        {
            token = default;
            return false;
        }

        token = Scan(_position);
        _position = token.End;
        return true;
    }

    /// <summary>Continues scanning from <paramref name="offset"/> (used to step over COPY data).</summary>
    public void MoveTo(int offset) => _position = offset;

    readonly SqlToken Scan(int start) => _text[start] switch
    {
        ' ' or '\t' or '\n' or '\r' or '\f' or '\v' => Whitespace(start),
        '-' when Peek(start + 1) == '-' => LineComment(start),
        '/' when Peek(start + 1) == '*' => BlockComment(start),
        '\'' => QuotedString(SqlTokenKind.String, start, 1),
        '"' => QuotedIdentifier(SqlTokenKind.QuotedIdentifier, start, 1),
        '$' => Dollar(start),
        ';' => new(SqlTokenKind.Semicolon, start, 1),
        '(' => new(SqlTokenKind.OpenParenthesis, start, 1),
        ')' => new(SqlTokenKind.CloseParenthesis, start, 1),
        '\\' => MetaCommand(start),
        >= '0' and <= '9' => Number(start),
        var c when SqlChars.IsIdentifierStart(c) => WordOrPrefixedLiteral(start),
        _ => new(SqlTokenKind.Other, start, 1),
    };

    readonly char Peek(int index) => index < _text.Length ? _text[index] : '\0';

    readonly SqlToken Whitespace(int start)
    {
        // Most runs are a space or a line break and some indentation: a plain loop beats the
        // vectorised search's set-up cost there, so it takes over only for long runs.
        var i = start + 1;
        var shortRunEnd = Math.Min(_text.Length, start + 16);
        while (i < shortRunEnd && SqlChars.IsSpace(_text[i]))
            i++;

        if (i == shortRunEnd && i < _text.Length)
        {
            var rest = _text[i..].IndexOfAnyExcept(SqlChars.Spaces);
            i = rest < 0 ? _text.Length : i + rest;
        }

        return new(SqlTokenKind.Whitespace, start, i - start);
    }

    readonly SqlToken LineComment(int start) =>
        new(SqlTokenKind.LineComment, start, RestOfLine(start));

    readonly SqlToken MetaCommand(int start) =>
        new(SqlTokenKind.MetaCommand, start, RestOfLine(start));

    readonly int RestOfLine(int start)
    {
        var length = _text[start..].IndexOfAny(SqlChars.LineBreaks);
        return length < 0 ? _text.Length - start : length;
    }

    readonly SqlToken BlockComment(int start)
    {
        var depth = 1;
        var i = start + 2;
        while (true)
        {
            var next = _text[i..].IndexOfAny('*', '/');
            if (next < 0)
                return Unterminated(SqlTokenKind.BlockComment, start);

            i += next;
            if (_text[i] == '*' && Peek(i + 1) == '/')
            {
                i += 2;
                if (--depth == 0)
                    return new(SqlTokenKind.BlockComment, start, i - start);
            }
            else if (_text[i] == '/' && Peek(i + 1) == '*')
            {
                i += 2;
                depth++;
            }
            else
            {
                i++;
            }
        }
    }

    readonly SqlToken WordOrPrefixedLiteral(int start)
    {
        // A prefix letter starts a literal only as a token of its own: "abe'x'" is a word then a string.
        var letter = (char)(_text[start] | 0x20);
        var next = Peek(start + 1);
        if (next == '\'')
        {
            switch (letter)
            {
                case 'e': return EscapeString(start);
                case 'b': return QuotedString(SqlTokenKind.BitString, start, 2);
                case 'x': return QuotedString(SqlTokenKind.HexString, start, 2);
                case 'n': return QuotedString(SqlTokenKind.NationalString, start, 2);
            }
        }
        else if (letter == 'u' && next == '&')
        {
            switch (Peek(start + 2))
            {
                case '\'': return QuotedString(SqlTokenKind.UnicodeString, start, 3);
                case '"': return QuotedIdentifier(SqlTokenKind.UnicodeIdentifier, start, 3);
            }
        }

        return new(SqlTokenKind.Word, start, SkipIdentifierPart(start + 1) - start);
    }

    readonly int SkipIdentifierPart(int i)
    {
        while (i < _text.Length && SqlChars.IsIdentifierPart(_text[i]))
            i++;

        return i;
    }

    readonly int SkipDigits(int i)
    {
        while (i < _text.Length && char.IsAsciiDigit(_text[i]))
            i++;

        return i;
    }

    readonly SqlToken Number(int start)
    {
        // PostgreSQL takes the longest of two readings: the number itself (1, 1.5, 1e10), or its
        // integer or decimal part glued to an identifier, "$" included (the "trailing junk" error
        // token). So "1e10$$" and "1_000$$" are one token and open no dollar quote; "1e+10$$" does.
        var mantissaEnd = SkipFraction(SkipDigits(start + 1));
        var numberEnd = SkipIdentifierAfter(SkipExponent(mantissaEnd));
        var junkEnd = SkipIdentifierAfter(mantissaEnd);
        return new(SqlTokenKind.Number, start, Math.Max(numberEnd, junkEnd) - start);
    }

    readonly int SkipFraction(int i) =>
        Peek(i) == '.' && Peek(i + 1) != '.' ? SkipDigits(i + 1) : i;

    readonly int SkipExponent(int i)
    {
        var sign = Peek(i + 1) is '+' or '-' ? 1 : 0;
        return (Peek(i) | 0x20) == 'e' && char.IsAsciiDigit(Peek(i + 1 + sign)) ? SkipDigits(i + 1 + sign) : i;
    }

    readonly int SkipIdentifierAfter(int i) =>
        i < _text.Length && SqlChars.IsIdentifierStart(_text[i]) ? SkipIdentifierPart(i + 1) : i;

    readonly SqlToken Dollar(int start)
    {
        var next = Peek(start + 1);
        if (next == '$')
            return DollarString(start, 2);

        if (SqlChars.IsIdentifierStart(next))
        {
            var i = start + 2;
            while (i < _text.Length && SqlChars.IsTagPart(_text[i]))
                i++;

            // "$abc" not followed by "$" is a lone "$" and a word, as in PostgreSQL.
            return Peek(i) == '$'
                ? DollarString(start, i + 1 - start)
                : new(SqlTokenKind.Other, start, 1);
        }

        if (char.IsAsciiDigit(next))
            return new(SqlTokenKind.Parameter, start, SkipIdentifierAfter(SkipDigits(start + 1)) - start);

        return new(SqlTokenKind.Other, start, 1);
    }

    readonly SqlToken DollarString(int start, int delimiterLength)
    {
        // The body ends at the first exact (case-sensitive) repeat of the opening delimiter.
        var delimiter = _text.Slice(start, delimiterLength);
        var bodyStart = start + delimiterLength;
        var found = _text[bodyStart..].IndexOf(delimiter);
        return found < 0
            ? Unterminated(SqlTokenKind.DollarString, start)
            : new(SqlTokenKind.DollarString, start, bodyStart + found + delimiterLength - start);
    }

    readonly SqlToken QuotedString(SqlTokenKind kind, int start, int prefixLength) =>
        Quoted(kind, start, prefixLength, '\'');

    readonly SqlToken QuotedIdentifier(SqlTokenKind kind, int start, int prefixLength) =>
        Quoted(kind, start, prefixLength, '"');

    readonly SqlToken Quoted(SqlTokenKind kind, int start, int prefixLength, char quote)
    {
        var i = start + prefixLength;
        while (true)
        {
            var next = _text[i..].IndexOf(quote);
            if (next < 0)
                return Unterminated(kind, start);

            i += next + 1;
            if (Peek(i) != quote)
                return new(kind, start, i - start);

            i++; // a doubled quote stands for one quote character
        }
    }

    readonly SqlToken EscapeString(int start)
    {
        // SQL's 'a' <newline> 'b' continuation is not followed: psql lexes one line at a time, so
        // for splitting the literal ends at its closing quote (the server may read it differently).
        var i = start + 2;
        while (true)
        {
            var next = _text[i..].IndexOfAny('\'', '\\');
            if (next < 0)
                return Unterminated(SqlTokenKind.EscapeString, start);

            i += next + 1;
            if (_text[i - 1] == '\'' && Peek(i) != '\'')
                return new(SqlTokenKind.EscapeString, start, i - start);

            // Skip the escaped character (\' and \\ included) or the second of two quotes.
            if (++i > _text.Length)
                return Unterminated(SqlTokenKind.EscapeString, start);
        }
    }

    readonly SqlToken Unterminated(SqlTokenKind kind, int start) =>
        new(kind, start, _text.Length - start, Unterminated: true);
}
