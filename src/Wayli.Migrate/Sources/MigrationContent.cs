using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>
/// A migration's text and its statements, read by <see cref="Migration.ReadContent"/>: what a run holds of one
/// migration while it applies it, and lets go of afterwards.
/// </summary>
/// <param name="Sql">The text, without a UTF-8 byte order mark, otherwise exactly as in the file.</param>
/// <param name="Script">The text split into statements.</param>
/// <param name="HasByteOrderMark">True when the file started with a UTF-8 byte order mark.</param>
public sealed record MigrationContent(string Sql, SqlScript Script, bool HasByteOrderMark)
{
    MigrationParts? _parts;

    /// <summary>Texts at least this long live on the large object heap (see <see cref="Migration.ReadContent"/>).</summary>
    internal const int LargeText = 8 * 1024 * 1024;

    /// <summary>The file's text exactly as it was read, byte order mark included.</summary>
    public string RawText => HasByteOrderMark ? "\uFEFF" + Sql : Sql;

    /// <summary>The part that is sent: the up part (the default), or the down part when reverting.</summary>
    public MigrationDirection Direction { get; init; }

    /// <summary>The file's up and down parts (see <see cref="MigrationParts"/>).</summary>
    public MigrationParts Parts => _parts ??= MigrationParts.Of(Script);

    /// <summary>
    /// The statements that are sent to the server: those of the part <see cref="Direction"/> names (slices holding
    /// only comments are not sent).
    /// </summary>
    public IEnumerable<SqlStatement> StatementsToSend => (Direction == MigrationDirection.Down ? Parts.Down : Parts.Up).Where(s => !s.IsEmpty);

    /// <summary>True when the text is large enough that letting go of it is worth a full collection.</summary>
    public bool IsLarge => Sql.Length >= LargeText;
}
