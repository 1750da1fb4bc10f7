using System.Text;

namespace Wayli.Migrate.Tests.Sql;

/// <summary>
/// Builds random scripts from fragments whose lexing is known by construction: quotes, comments and
/// parentheses that hide semicolons, identifiers with dollars, BEGIN ATOMIC bodies. It counts the
/// statements it ends itself, so the lexer's count is checked against an independent one.
/// </summary>
internal sealed class RandomScriptGenerator(int seed)
{
    static readonly string[] Words =
        ["select", "update", "foo", "bar_baz", "t1", "x$y", "a$$b", "_z", "été", "from", "where", "values", "begin", "end", "case"];

    static readonly string[] Separators = [" ", "\n", "\t", "\r\n", "  \n  "];
    static readonly string[] Operators = ["+", "-", "*", "/", "::", ",", "=", "<>", ".", "$", "*/", "[", "]"];
    static readonly string[] Tags = ["", "fn", "_x", "body1", "é", "A"];

    // Pieces of quoted text: each is harmless inside every quote kind it is used in.
    static readonly string[] Pieces = [";", " ", "a", "'", "\"", "--", "/*", "*/", "$", "$$", "$fn$", "\n", "é", "😀", "begin", "end", "\\", "(", ")"];

    readonly Random _random = new(seed);
    readonly StringBuilder _text = new();

    /// <summary>How many non-empty statements the generator ended (the last one may lack its ';').</summary>
    public int Statements { get; private set; }

    /// <summary>Generates one script.</summary>
    public string Generate()
    {
        var count = _random.Next(0, 10);
        for (var i = 0; i < count; i++)
        {
            AppendTrivia();
            switch (_random.Next(10))
            {
                case 0: _text.Append(';'); break;
                case 1: AppendRoutine(); Statements++; break;
                default: AppendStatement(); _text.Append(';'); Statements++; break;
            }
        }

        AppendEnding();
        return _text.ToString();
    }

    void AppendEnding()
    {
        switch (_random.Next(3))
        {
            case 0: AppendTrivia(); break;
            case 1: AppendSeparator(); AppendStatement(); Statements++; break;
        }
    }

    void AppendStatement()
    {
        // A plain word first, so that no generated statement is a CREATE FUNCTION or a COPY.
        _text.Append(Pick(Words));
        var fragments = _random.Next(0, 8);
        for (var i = 0; i < fragments; i++)
        {
            AppendSeparator();
            AppendFragment(depth: 0);
        }
    }

    void AppendRoutine()
    {
        _text.Append(_random.Next(2) == 0 ? "CREATE" : "create or replace").Append(' ')
            .Append(_random.Next(2) == 0 ? "FUNCTION" : "procedure").Append(" f(a int, \"b;\" text)\nLANGUAGE sql\nBEGIN ATOMIC");
        var inner = _random.Next(0, 4);
        for (var i = 0; i < inner; i++)
        {
            AppendSeparator();
            _text.Append(_random.Next(2) == 0 ? "SELECT CASE WHEN a > 0 THEN CASE WHEN true THEN 1 END ELSE 0 END" : "select");
            AppendSafeFragments();
            _text.Append(';');
        }

        AppendSeparator();
        _text.Append("END;");
    }

    void AppendSafeFragments()
    {
        // Inside a routine no bare begin/case/end may appear, or the generator's own count would be wrong.
        for (var i = _random.Next(0, 4); i > 0; i--)
        {
            AppendSeparator();
            switch (_random.Next(4))
            {
                case 0: AppendString(); break;
                case 1: AppendDollarQuote(); break;
                case 2: AppendBlockComment(depth: 0); break;
                default: _text.Append("(x; y)"); break;
            }
        }
    }

    void AppendFragment(int depth)
    {
        switch (_random.Next(depth < 2 ? 13 : 12))
        {
            case 0: _text.Append(Pick(Words)); break;
            case 1: _text.Append(Pick(["42", "3.14", "1e10", "1_000", "0x1F", ".5"])); break;
            case 2: _text.Append('$').Append(_random.Next(1, 20)); break;
            case 3: AppendString(); break;
            case 4: AppendEscapeString(); break;
            case 5: AppendPrefixedString(); break;
            case 6: AppendQuotedIdentifier(); break;
            case 7: AppendDollarQuote(); break;
            case 8: _text.Append("--").Append(Quoted('\n')).Append('\n'); break;
            case 9: AppendBlockComment(depth: 0); break;
            case 10: _text.Append(Pick(Operators)); break;
            case 11: _text.Append(Pick(Words)); break;
            default: AppendParentheses(depth); break;
        }
    }

    void AppendParentheses(int depth)
    {
        _text.Append('(');
        for (var i = _random.Next(0, 5); i > 0; i--)
        {
            AppendSeparator();
            if (_random.Next(4) == 0)
                _text.Append(';');
            else
                AppendFragment(depth + 1);
        }

        AppendSeparator();
        _text.Append(')');
    }

    void AppendString() => _text.Append('\'').Append(Quoted('\'').Replace("'", "''", StringComparison.Ordinal)).Append('\'');

    void AppendEscapeString()
    {
        var body = Quoted('\'').Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", _random.Next(2) == 0 ? "''" : "\\'", StringComparison.Ordinal);

        // A word after it, so a following string on the next line is not a continuation of it.
        _text.Append(_random.Next(2) == 0 ? "E'" : "e'").Append(body).Append("' as w");
    }

    void AppendPrefixedString()
    {
        var prefix = Pick(["U&", "u&", "N", "n", "B", "X", "x"]);
        _text.Append(prefix).Append('\'').Append(Quoted('\'').Replace("'", "''", StringComparison.Ordinal)).Append('\'');
    }

    void AppendQuotedIdentifier()
    {
        var prefix = _random.Next(3) == 0 ? "U&" : "";
        _text.Append(prefix).Append('"').Append(Quoted('"').Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    void AppendDollarQuote()
    {
        var delimiter = "$" + Pick(Tags) + "$";
        var body = Quoted('\0');
        while ((body + delimiter).IndexOf(delimiter, StringComparison.Ordinal) != body.Length)
            body = body.Replace("$", "", StringComparison.Ordinal);

        _text.Append(delimiter).Append(body).Append(delimiter);
    }

    void AppendBlockComment(int depth)
    {
        _text.Append("/*");
        for (var i = _random.Next(0, 4); i > 0; i--)
        {
            if (depth < 3 && _random.Next(3) == 0)
                AppendBlockComment(depth + 1);
            else
                _text.Append(Quoted('*'));
        }

        _text.Append("*/");
    }

    /// <summary>Random quoted text; <paramref name="avoid"/> is left out (a line break, or the comment's star).</summary>
    string Quoted(char avoid)
    {
        var builder = new StringBuilder();
        for (var i = _random.Next(0, 6); i > 0; i--)
        {
            var piece = Pick(Pieces);
            var unsafeInComment = avoid == '*' && (piece.Contains('*', StringComparison.Ordinal) || piece.Contains('/', StringComparison.Ordinal));
            var unsafeInLineComment = avoid == '\n' && piece.Contains('\n', StringComparison.Ordinal);
            builder.Append(unsafeInComment || unsafeInLineComment ? ";" : piece);
        }

        return builder.ToString();
    }

    void AppendTrivia()
    {
        for (var i = _random.Next(0, 3); i > 0; i--)
        {
            AppendSeparator();
            if (_random.Next(2) == 0)
                AppendBlockComment(depth: 0);
            else
                _text.Append("-- ").Append(Quoted('\n')).Append('\n');
        }

        AppendSeparator();
    }

    void AppendSeparator() => _text.Append(Pick(Separators));

    string Pick(string[] choices) => choices[_random.Next(choices.Length)];
}
