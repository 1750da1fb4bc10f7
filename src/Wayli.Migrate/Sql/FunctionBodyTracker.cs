using System.Text;

namespace Wayli.Migrate.Sql;

/// <summary>
/// psql's heuristic for SQL-standard function bodies (<c>BEGIN ATOMIC … END</c>), whose inner
/// semicolons must not end the statement. psql does not parse: when the statement's first words are
/// CREATE [OR REPLACE] FUNCTION|PROCEDURE it counts BEGIN and (inside a BEGIN) CASE against END,
/// outside parentheses. We copy it word for word, because the server receives what psql would send.
/// </summary>
internal struct FunctionBodyTracker
{
    const int TrackedWords = 4;

    int _wordCount;

    // Initial letter of each of the first four words when it is one of the header words, else '\0'.
    char _word0;
    char _word1;
    char _word2;
    char _word3;

    /// <summary>How many BEGIN/CASE are open; semicolons do not end the statement while it is above 0.</summary>
    public int Depth { get; private set; }

    /// <summary>Offset of the BEGIN that opened the outermost block.</summary>
    public int OpenedAt { get; private set; }

    /// <summary>Forgets everything: called when a statement ends.</summary>
    public void Reset() => this = default;

    /// <summary>Feeds one unquoted word of the statement, in order.</summary>
    public void OnWord(ReadOnlySpan<char> word, int offset, int parenthesisDepth)
    {
        if (_wordCount < TrackedWords && IsHeaderWord(word))
            Remember(_wordCount, char.ToLowerInvariant(word[0]));

        _wordCount++;
        if (parenthesisDepth != 0 || !IsRoutineDefinition())
            return;

        if (Ascii.EqualsIgnoreCase(word, "begin"))
        {
            OpenedAt = Depth == 0 ? offset : OpenedAt;
            Depth++;
        }
        else if (Depth > 0 && Ascii.EqualsIgnoreCase(word, "case"))
        {
            // CASE ends with END too, but psql counts it only inside a BEGIN block.
            Depth++;
        }
        else if (Ascii.EqualsIgnoreCase(word, "end") && Depth > 0)
        {
            Depth--;
        }
    }

    static bool IsHeaderWord(ReadOnlySpan<char> word) =>
        Ascii.EqualsIgnoreCase(word, "create")
        || Ascii.EqualsIgnoreCase(word, "function")
        || Ascii.EqualsIgnoreCase(word, "procedure")
        || Ascii.EqualsIgnoreCase(word, "or")
        || Ascii.EqualsIgnoreCase(word, "replace");

    void Remember(int index, char letter)
    {
        switch (index)
        {
            case 0: _word0 = letter; break;
            case 1: _word1 = letter; break;
            case 2: _word2 = letter; break;
            default: _word3 = letter; break;
        }
    }

    readonly bool IsRoutineDefinition() =>
        _word0 == 'c'
        && (_word1 is 'f' or 'p' || (_word1 == 'o' && _word2 == 'r' && _word3 is 'f' or 'p'));
}
