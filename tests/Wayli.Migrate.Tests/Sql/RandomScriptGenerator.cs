using System.Text;

namespace Wayli.Migrate.Tests.Sql;

/// <summary>
/// Builds random scripts from fragments whose lexing is known by construction: quotes, comments and
/// parentheses that hide semicolons, identifiers with dollars, BEGIN ATOMIC bodies. It counts the
/// statements it ends itself, so the lexer's count is checked against an independent one.
/// </summary>
internal sealed class RandomScriptGenerator(int seed)
{
    private static readonly string[] Words =
        ["select", "update", "foo", "bar_baz", "t1", "x$y", "a$$b", "_z", "été", "from", "where", "values", "begin", "end", "case"];

    private static readonly string[] Separators = [" ", "\n", "\t", "\r\n", "  \n  "];
    private static readonly string[] Operators = ["+", "-", "*", "/", "::", ",", "=", "<>", ".", "$", "*/", "[", "]"];
    private static readonly string[] Tags = ["", "fn", "_x", "body1", "é", "A"];

    // Pieces of quoted text: each is harmless inside every quote kind it is used in.
    private static readonly string[] Pieces = [";", " ", "a", "'", "\"", "--", "/*", "*/", "$", "$$", "$fn$", "\n", "é", "😀", "begin", "end", "\\", "(", ")"];

    private readonly Random random = new(seed);
    private readonly StringBuilder text = new();

    /// <summary>How many non-empty statements the generator ended (the last one may lack its ';').</summary>
    public int Statements { get; private set; }

    /// <summary>Generates one script.</summary>
    public string Generate()
    {
        var count = random.Next(0, 10);
        for (var i = 0; i < count; i++)
        {
            AppendTrivia();
            switch (random.Next(10))
            {
                case 0: text.Append(';'); break;
                case 1: AppendRoutine(); Statements++; break;
                default: AppendStatement(); text.Append(';'); Statements++; break;
            }
        }

        AppendEnding();
        return text.ToString();
    }

    private void AppendEnding()
    {
        switch (random.Next(3))
        {
            case 0: AppendTrivia(); break;
            case 1: AppendSeparator(); AppendStatement(); Statements++; break;
        }
    }

    private void AppendStatement()
    {
        // A plain word first, so that no generated statement is a CREATE FUNCTION or a COPY.
        text.Append(Pick(Words));
        var fragments = random.Next(0, 8);
        for (var i = 0; i < fragments; i++)
        {
            AppendSeparator();
            AppendFragment(depth: 0);
        }
    }

    private void AppendRoutine()
    {
        text.Append(random.Next(2) == 0 ? "CREATE" : "create or replace").Append(' ')
            .Append(random.Next(2) == 0 ? "FUNCTION" : "procedure").Append(" f(a int, \"b;\" text)\nLANGUAGE sql\nBEGIN ATOMIC");
        var inner = random.Next(0, 4);
        for (var i = 0; i < inner; i++)
        {
            AppendSeparator();
            text.Append(random.Next(2) == 0 ? "SELECT CASE WHEN a > 0 THEN CASE WHEN true THEN 1 END ELSE 0 END" : "select");
            AppendSafeFragments();
            text.Append(';');
        }

        AppendSeparator();
        text.Append("END;");
    }

    private void AppendSafeFragments()
    {
        // Inside a routine no bare begin/case/end may appear, or the generator's own count would be wrong.
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            AppendSeparator();
            switch (random.Next(4))
            {
                case 0: AppendString(); break;
                case 1: AppendDollarQuote(); break;
                case 2: AppendBlockComment(depth: 0); break;
                default: text.Append("(x; y)"); break;
            }
        }
    }

    private void AppendFragment(int depth)
    {
        switch (random.Next(depth < 2 ? 13 : 12))
        {
            case 0: text.Append(Pick(Words)); break;
            case 1: text.Append(Pick(["42", "3.14", "1e10", "1_000", "0x1F", ".5"])); break;
            case 2: text.Append('$').Append(random.Next(1, 20)); break;
            case 3: AppendString(); break;
            case 4: AppendEscapeString(); break;
            case 5: AppendPrefixedString(); break;
            case 6: AppendQuotedIdentifier(); break;
            case 7: AppendDollarQuote(); break;
            case 8: text.Append("--").Append(Quoted('\n')).Append('\n'); break;
            case 9: AppendBlockComment(depth: 0); break;
            case 10: text.Append(Pick(Operators)); break;
            case 11: text.Append(Pick(Words)); break;
            default: AppendParentheses(depth); break;
        }
    }

    private void AppendParentheses(int depth)
    {
        text.Append('(');
        for (var i = random.Next(0, 5); i > 0; i--)
        {
            AppendSeparator();
            if (random.Next(4) == 0)
            {
                text.Append(';');
            }
            else
            {
                AppendFragment(depth + 1);
            }
        }

        AppendSeparator();
        text.Append(')');
    }

    private void AppendString() => text.Append('\'').Append(Quoted('\'').Replace("'", "''", StringComparison.Ordinal)).Append('\'');

    private void AppendEscapeString()
    {
        var body = Quoted('\'').Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", random.Next(2) == 0 ? "''" : "\\'", StringComparison.Ordinal);

        // A word after it, so a following string on the next line is not a continuation of it.
        text.Append(random.Next(2) == 0 ? "E'" : "e'").Append(body).Append("' as w");
    }

    private void AppendPrefixedString()
    {
        var prefix = Pick(["U&", "u&", "N", "n", "B", "X", "x"]);
        text.Append(prefix).Append('\'').Append(Quoted('\'').Replace("'", "''", StringComparison.Ordinal)).Append('\'');
    }

    private void AppendQuotedIdentifier()
    {
        var prefix = random.Next(3) == 0 ? "U&" : "";
        text.Append(prefix).Append('"').Append(Quoted('"').Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private void AppendDollarQuote()
    {
        var delimiter = "$" + Pick(Tags) + "$";
        var body = Quoted('\0');
        while ((body + delimiter).IndexOf(delimiter, StringComparison.Ordinal) != body.Length)
        {
            body = body.Replace("$", "", StringComparison.Ordinal);
        }

        text.Append(delimiter).Append(body).Append(delimiter);
    }

    private void AppendBlockComment(int depth)
    {
        text.Append("/*");
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            if (depth < 3 && random.Next(3) == 0)
            {
                AppendBlockComment(depth + 1);
            }
            else
            {
                text.Append(Quoted('*'));
            }
        }

        text.Append("*/");
    }

    /// <summary>Random quoted text; <paramref name="avoid"/> is left out (a line break, or the comment's star).</summary>
    private string Quoted(char avoid)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(0, 6); i > 0; i--)
        {
            var piece = Pick(Pieces);
            var unsafeInComment = avoid == '*' && (piece.Contains('*', StringComparison.Ordinal) || piece.Contains('/', StringComparison.Ordinal));
            var unsafeInLineComment = avoid == '\n' && piece.Contains('\n', StringComparison.Ordinal);
            builder.Append(unsafeInComment || unsafeInLineComment ? ";" : piece);
        }

        return builder.ToString();
    }

    private void AppendTrivia()
    {
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            AppendSeparator();
            if (random.Next(2) == 0)
            {
                AppendBlockComment(depth: 0);
            }
            else
            {
                text.Append("-- ").Append(Quoted('\n')).Append('\n');
            }
        }

        AppendSeparator();
    }

    private void AppendSeparator() => text.Append(Pick(Separators));

    private string Pick(string[] choices) => choices[random.Next(choices.Length)];
}
