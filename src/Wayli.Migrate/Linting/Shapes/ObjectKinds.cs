using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary>The object kinds that follow CREATE, DROP and ALTER, some of them several words long.</summary>
internal static class ObjectKinds
{
    static readonly string[][] MultiWord =
    [
        ["FOREIGN", "DATA", "WRAPPER"],
        ["TEXT", "SEARCH", "CONFIGURATION"],
        ["TEXT", "SEARCH", "DICTIONARY"],
        ["TEXT", "SEARCH", "PARSER"],
        ["TEXT", "SEARCH", "TEMPLATE"],
        ["MATERIALIZED", "VIEW"],
        ["FOREIGN", "TABLE"],
        ["EVENT", "TRIGGER"],
        ["USER", "MAPPING"],
        ["ACCESS", "METHOD"],
        ["OPERATOR", "CLASS"],
        ["OPERATOR", "FAMILY"],
        ["PROCEDURAL", "LANGUAGE"],
    ];

    static readonly HashSet<string> SingleWord =
    [
        "AGGREGATE", "CAST", "COLLATION", "CONVERSION", "DATABASE", "DOMAIN", "EXTENSION", "FUNCTION", "GROUP", "INDEX",
        "LANGUAGE", "OPERATOR", "POLICY", "PROCEDURE", "PUBLICATION", "ROLE", "ROUTINE", "RULE", "SCHEMA", "SEQUENCE",
        "SERVER", "STATISTICS", "SUBSCRIPTION", "TABLE", "TABLESPACE", "TRANSFORM", "TRIGGER", "TYPE", "USER", "VIEW",
    ];

    /// <summary>
    /// How many words the object kind starting at <paramref name="index"/> has (<c>MATERIALIZED VIEW</c> is 2), or 0
    /// when no known kind starts there.
    /// </summary>
    public static int LengthAt(StatementTokens tokens, int index)
    {
        foreach (var words in MultiWord)
        {
            if (tokens.WordsAt(index, words))
                return words.Length;
        }
        return tokens.Word(index) is { } word && SingleWord.Contains(word) ? 1 : 0;
    }

    /// <summary>The kind's words joined by spaces, upper-cased.</summary>
    public static string Name(StatementTokens tokens, int index, int length) =>
        string.Join(' ', Enumerable.Range(index, length).Select(tokens.Word));
}
