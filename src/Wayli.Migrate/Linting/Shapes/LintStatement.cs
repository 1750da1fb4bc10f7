using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting.Shapes;

/// <summary>A statement as the rules read it: its tokens, and its CREATE, DROP or ALTER TABLE shape when it has one.</summary>
internal sealed class LintStatement
{
    readonly Lazy<CreateHead?> _create;
    readonly Lazy<DropHead?> _drop;
    readonly Lazy<AlterTable?> _alterTable;
    string? _fingerprint;

    /// <summary>Tokenises <paramref name="statement"/>; the shapes are read on first use.</summary>
    public LintStatement(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        Statement = statement;
        Tokens = StatementTokens.Of(statement.Text);
        _create = new(() => CreateHead.Parse(Tokens));
        _drop = new(() => DropHead.Parse(Tokens));
        _alterTable = new(() => AlterTable.Parse(Tokens));
    }

    /// <summary>The lexed statement.</summary>
    public SqlStatement Statement { get; }

    /// <summary>Its significant tokens.</summary>
    public StatementTokens Tokens { get; }

    /// <summary>Where the statement is in its file (action 0).</summary>
    public FilePosition Position => new(Statement.Index, 0);

    /// <summary>Where one of its ALTER TABLE actions is in the file.</summary>
    public FilePosition PositionOf(int action) => new(Statement.Index, action);

    /// <summary>The first word, upper-cased (<c>CREATE</c>, <c>ALTER</c>, <c>DO</c>, …), or null.</summary>
    public string? Verb => Tokens.Word(0);

    /// <summary>The CREATE head, or null.</summary>
    public CreateHead? Create => _create.Value;

    /// <summary>The DROP head, or null.</summary>
    public DropHead? Drop => _drop.Value;

    /// <summary>The ALTER TABLE actions, or null.</summary>
    public AlterTable? AlterTable => _alterTable.Value;

    /// <summary>
    /// The table a CREATE INDEX, POLICY, TRIGGER or RULE is on (the name after <c>ON [ONLY]</c>), or null.
    /// </summary>
    public ObjectName? CreatedOn
    {
        get
        {
            if (Create is not { Kind: "INDEX" or "POLICY" or "TRIGGER" or "RULE" } create)
                return null;
            var on = Tokens.IndexOf("ON", create.NameEnd, Tokens.Count);
            var at = on + 1 + (Tokens.Word(on + 1) == "ONLY" ? 1 : 0);
            return on < 0 ? null : Tokens.NameAt(at, out _);
        }
    }

    /// <summary>
    /// A keyword for a fix, in the statement's own case: <c>if not exists</c> when the statement starts in lower case.
    /// </summary>
    public string Keyword(string upper)
    {
        var first = Tokens.Count > 0 ? Tokens[0].Original : "";
        return first.Length > 0 && !first.Any(char.IsUpper) ? upper.ToLowerInvariant() : upper;
    }

    /// <summary>The statement sketched on one line with <paramref name="keywords"/> inserted before token <paramref name="at"/>.</summary>
    public string SketchWith(int at, string keywords) => Tokens.Sketch(0, Tokens.Count, at, Keyword(keywords));

    /// <summary>The statement sketched on one line with <paramref name="text"/> inserted as given before token <paramref name="at"/>.</summary>
    public string SketchInserting(int at, string text) => Tokens.Sketch(0, Tokens.Count, at, text);

    /// <summary>
    /// <c>ALTER TABLE name</c> and one of its actions sketched on one line, with <paramref name="text"/> (as given)
    /// inserted before token <paramref name="at"/> when there is one.
    /// </summary>
    public string SketchAction(AlterTable alter, TableAction action, int at = -1, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(alter);
        ArgumentNullException.ThrowIfNull(action);
        return Tokens.Sketch(0, alter.HeadEnd) + " " + Tokens.Sketch(action.Start, action.End, at, text);
    }

    /// <summary>
    /// The statement's identity in a lint baseline: the first 16 hex digits of its <see cref="TokenFingerprint"/>, which
    /// comments (a lint:ignore above it included) and layout do not change, nor do edits elsewhere in its file.
    /// </summary>
    public string Fingerprint => _fingerprint ??= TokenFingerprint.Of(Statement.Text)[..Baselines.BaselineEntry.FingerprintLength];

    /// <summary>The line the statement starts on, from its first token, for people reading a baseline.</summary>
    public string FirstLine
    {
        get
        {
            var text = Statement.Text.AsSpan(Statement.StartOffset - Statement.Offset);
            var end = text.IndexOfAny(SqlChars.LineBreaks);
            return (end < 0 ? text : text[..end]).TrimEnd().ToString();
        }
    }

    /// <summary>The whole statement sketched on one line.</summary>
    public string Sketch(int maxPieces = 14) => Tokens.Sketch(0, Tokens.Count, maxPieces: maxPieces);
}
