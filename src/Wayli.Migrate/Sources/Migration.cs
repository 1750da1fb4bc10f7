using System.Text;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>
/// One migration file: its name parts, its checksums and how it must run, plus its SQL and statements, which are
/// read again on first use and can be let go once applied. So a run holds one migration's text at a time, whatever
/// the number of files (see docs/performance.md).
/// </summary>
public sealed class Migration
{
    readonly Func<byte[]> _read;
    MigrationContent? _content;
    string? _legacyMd5;
    MigrationAnalysis? _analysis;
    readonly bool _reportedWhenRead;

    /// <summary>
    /// Describes a migration whose file was read and checked; <paramref name="read"/> gives its bytes again. A null
    /// <paramref name="analysis"/> means its SQL was not lexed when read (see <see cref="CheckSql"/>); otherwise its
    /// problems were reported with its set.
    /// </summary>
    internal Migration(MigrationFileName name, string fileName, string path, string checksum, MigrationAnalysis? analysis,
        bool hasByteOrderMark, Func<byte[]> read)
    {
        (Name, FileName, Path, Checksum, HasByteOrderMark, _read) = (name, fileName, path, checksum, hasByteOrderMark, read);
        (_analysis, _reportedWhenRead) = (analysis, analysis is not null);
    }

    /// <summary>The parsed file name.</summary>
    public MigrationFileName Name { get; }

    /// <summary>The bare file name, such as <c>20250826000001_basic_tables.sql</c>.</summary>
    public string FileName { get; }

    /// <summary>The path the file was read from, for messages.</summary>
    public string Path { get; }

    /// <summary>SHA-256 of the normalised text (see <see cref="MigrationChecksum"/>).</summary>
    public string Checksum { get; }

    /// <summary>Whether it runs in one transaction, and why not when it does not.</summary>
    public TransactionPlan Transaction => Analysis.Transaction;

    /// <summary>True when the file allows itself to apply after newer migrations (<c>-- migrate:out-of-order-ok</c>).</summary>
    public bool OutOfOrderAllowed => Analysis.OutOfOrderAllowed;

    /// <summary>True when the file started with a UTF-8 byte order mark (kept out of <see cref="Sql"/>).</summary>
    public bool HasByteOrderMark { get; }

    /// <summary>The file's text, without a UTF-8 byte order mark, otherwise exactly as on disk.</summary>
    /// <exception cref="MigrateException">The file changed or vanished since it was first read (<see cref="FailureKind.Validation"/>).</exception>
    public string Sql => Content.Sql;

    /// <summary>The SQL split into statements.</summary>
    /// <exception cref="MigrateException">The file changed or vanished since it was first read (<see cref="FailureKind.Validation"/>).</exception>
    public SqlScript Script => Content.Script;

    /// <summary>The file's text exactly as on disk, byte order mark included.</summary>
    public string RawText => HasByteOrderMark ? "\uFEFF" + Sql : Sql;

    /// <summary>
    /// MD5 of the raw file, to recognise history written by the original service. Computed on first use (only a
    /// history with 32-digit checksums needs it); valid UTF-8 re-encodes to exactly the bytes that were read.
    /// </summary>
    public string LegacyMd5 => _legacyMd5 ??= MigrationChecksum.LegacyMd5(Encoding.UTF8.GetBytes(RawText));

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

    /// <inheritdoc />
    public override string ToString() => FileName;

    /// <summary>
    /// What is wrong with the SQL of a migration read for its name and checksum only (lexing it if that was not done
    /// yet); nothing for one lexed when it was read, whose problems are in its set already.
    /// </summary>
    internal IReadOnlyList<SourceProblem> CheckSql() =>
        _reportedWhenRead ? [] : [.. Analysis.Problems.Select(p => new SourceProblem(Path, p.Line, p.Column, p.Message))];

    MigrationAnalysis Analysis => _analysis ??= Analyze();

    /// <summary>
    /// Lexes the SQL for what it says about running it. The text is let go again unless it was held before, so that
    /// checking or planning every pending file does not hold them all.
    /// </summary>
    MigrationAnalysis Analyze()
    {
        var held = _content is not null;
        var analysis = MigrationAnalysis.Of(Script);
        if (!held)
            Release();
        return analysis;
    }

    /// <summary>Keeps the text and statements already at hand, so the first use needs no second read.</summary>
    internal void Keep(string sql, SqlScript script) => _content = new MigrationContent(sql, script);

    /// <summary>Lets go of the text and statements; the next use reads the file again.</summary>
    internal void Release()
    {
        var large = _content?.Sql.Length >= LargeText;
        _content = null;
        if (large)
            CollectLargeObjects();
    }

    const int LargeText = 8 * 1024 * 1024;

    MigrationContent Content => _content ??= Load();

    /// <summary>
    /// Reads the file again and refuses it if it is not what was checked: what is applied is always what the
    /// checksum in history stands for.
    /// </summary>
    MigrationContent Load()
    {
        byte[] bytes;
        try
        {
            bytes = _read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrateException(FailureKind.Validation, $"{Path} could not be read again: {e.Message}; it was not applied", e);
        }
        if (MigrationChecksum.Sha256(bytes) != Checksum)
        {
            throw new MigrateException(FailureKind.Validation,
                $"{Path} changed since this run first read it (its SHA-256 is no longer {Checksum}); it was not applied. Run again to apply what is there now");
        }
        var sql = MigrationDirectory.Decode(MigrationChecksum.WithoutBom(bytes));
        if (bytes.Length >= LargeText)
        {
            // The bytes are not needed once decoded: free them before the statements are cut from the text.
            bytes = [];
            CollectLargeObjects();
        }
        return new MigrationContent(sql, SqlLexer.Split(sql));
    }

    /// <summary>
    /// A large file's bytes, text and statements live on the large object heap, which only a full collection frees,
    /// and an aggressive one also gives back to the system: without it the next copy came on top of the last, and a
    /// 200 MB migration peaked at ten times its size (5.1 times with it). One collection per large copy is cheap beside
    /// reading and applying it.
    /// </summary>
    static void CollectLargeObjects() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
