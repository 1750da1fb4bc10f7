using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary>
/// The head of a <c>CREATE</c> statement:
/// <c>CREATE [OR REPLACE] [modifiers] KIND [CONCURRENTLY] [IF NOT EXISTS] name …</c>.
/// </summary>
/// <param name="Kind">The object kind, upper-cased: <c>TABLE</c>, <c>MATERIALIZED VIEW</c>, <c>INDEX</c>, …</param>
/// <param name="Modifiers">Words between CREATE and the kind: <c>UNIQUE</c>, <c>TEMP</c>, <c>UNLOGGED</c>, <c>CONSTRAINT</c>, …</param>
/// <param name="OrReplace">True when <c>OR REPLACE</c> follows CREATE.</param>
/// <param name="Concurrently">True for <c>CREATE INDEX CONCURRENTLY</c>.</param>
/// <param name="KindEnd">The position just after the kind's words.</param>
/// <param name="GuardAt">Where <c>IF NOT EXISTS</c> stands or belongs (after CONCURRENTLY).</param>
/// <param name="IfNotExists">True when <c>IF NOT EXISTS</c> is there.</param>
/// <param name="Name">The object's name, or null (an index may have none).</param>
/// <param name="NameEnd">The position after the name (where the name would be when it is missing).</param>
internal sealed record CreateHead(
    string Kind,
    IReadOnlySet<string> Modifiers,
    bool OrReplace,
    bool Concurrently,
    int KindEnd,
    int GuardAt,
    bool IfNotExists,
    ObjectName? Name,
    int NameEnd)
{
    static readonly HashSet<string> ModifierWords =
        ["GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED", "UNIQUE", "RECURSIVE", "CONSTRAINT", "TRUSTED", "PROCEDURAL", "DEFAULT"];

    /// <summary>True for temporary objects, which live only as long as the session and so need no guard.</summary>
    public bool IsTemporary => Modifiers.Contains("TEMP") || Modifiers.Contains("TEMPORARY");

    /// <summary>True for a permanent table, foreign table or materialized view: something an index can be built on.</summary>
    public bool CreatesTable => !IsTemporary && Name is not null && Kind is "TABLE" or "FOREIGN TABLE" or "MATERIALIZED VIEW";

    /// <summary>Reads the head, or returns null when the statement is not a CREATE of a known kind.</summary>
    public static CreateHead? Parse(StatementTokens tokens)
    {
        if (tokens.Word(0) != "CREATE")
            return null;
        var orReplace = tokens.WordsAt(1, "OR", "REPLACE");
        var i = orReplace ? 3 : 1;
        var modifiers = new HashSet<string>();
        while (tokens.Word(i) is { } word && ModifierWords.Contains(word) && ObjectKinds.LengthAt(tokens, i) == 0)
        {
            modifiers.Add(word);
            i++;
        }
        var length = ObjectKinds.LengthAt(tokens, i);
        if (length == 0)
            return null;
        var kind = ObjectKinds.Name(tokens, i, length);
        var kindEnd = i + length;
        var concurrently = kind == "INDEX" && tokens.Word(kindEnd) == "CONCURRENTLY";
        var guardAt = kindEnd + (concurrently ? 1 : 0);
        var ifNotExists = tokens.IfNotExistsAt(guardAt);
        var nameAt = guardAt + (ifNotExists ? 3 : 0);
        var unnamedIndex = kind == "INDEX" && tokens.Word(nameAt) == "ON";
        var nameEnd = nameAt;
        var name = unnamedIndex ? null : tokens.NameAt(nameAt, out nameEnd);
        return new CreateHead(kind, modifiers, orReplace, concurrently, kindEnd, guardAt, ifNotExists, name, nameEnd);
    }
}
