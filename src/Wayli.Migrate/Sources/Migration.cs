using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>One migration file, read once: its name parts, its SQL, its checksums and its statements.</summary>
/// <param name="Name">The parsed file name.</param>
/// <param name="FileName">The bare file name, such as <c>20250826000001_basic_tables.sql</c>.</param>
/// <param name="Path">The path the file was read from, for messages.</param>
/// <param name="Sql">The file's text, without a UTF-8 byte order mark, otherwise exactly as on disk.</param>
/// <param name="Checksum">SHA-256 of the normalised text (see <see cref="MigrationChecksum"/>).</param>
/// <param name="Script">The SQL split into statements.</param>
/// <param name="Transaction">Whether it runs in one transaction, and why not when it does not.</param>
/// <param name="OutOfOrderAllowed">True when the file allows itself to apply after newer migrations (<c>-- migrate:out-of-order-ok</c>).</param>
/// <param name="HasByteOrderMark">True when the file started with a UTF-8 byte order mark (kept out of <paramref name="Sql"/>).</param>
public sealed record Migration(
    MigrationFileName Name,
    string FileName,
    string Path,
    string Sql,
    string Checksum,
    SqlScript Script,
    TransactionPlan Transaction,
    bool OutOfOrderAllowed = false,
    bool HasByteOrderMark = false)
{
    string? _legacyMd5;

    /// <summary>
    /// MD5 of the raw file, to recognise history written by the original service. Computed on first use (only a
    /// history with 32-digit checksums needs it); valid UTF-8 re-encodes to exactly the bytes that were read.
    /// </summary>
    public string LegacyMd5 => _legacyMd5 ??= MigrationChecksum.LegacyMd5(System.Text.Encoding.UTF8.GetBytes(RawText));

    /// <summary>The file's text exactly as on disk, byte order mark included.</summary>
    public string RawText => HasByteOrderMark ? "\uFEFF" + Sql : Sql;

    /// <summary>The migration's version.</summary>
    public MigrationVersion Version => Name.Version;

    /// <summary>The description part of the name.</summary>
    public string Description => Name.Description;

    /// <summary>
    /// True when a checksum recorded in history stands for this file's current contents: the SHA-256 form,
    /// or the original service's MD5 of the raw file.
    /// </summary>
    public bool MatchesChecksum(string recorded) =>
        string.Equals(recorded, Checksum, StringComparison.OrdinalIgnoreCase)
        || (MigrationChecksum.IsLegacyMd5(recorded) && string.Equals(recorded, LegacyMd5, StringComparison.OrdinalIgnoreCase));
}
