using Wayli.Migrate.Failures;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>
/// One migration: its name parts, its checksum and, once lexed, how it must run. Its text is not held: reading it
/// is an explicit call (<see cref="ReadContent"/>), which a run makes once per migration it applies, so memory does
/// not grow with the number of files (see docs/performance.md).
/// </summary>
public sealed class Migration
{
    readonly Func<byte[]> _read;
    MigrationAnalysis? _analysis;
    string? _legacyMd5;
    string? _statementChecksum;
    readonly bool _lexedWhenRead;
    Migration? _down;

    /// <summary>
    /// Describes a migration whose file was read and checked; <paramref name="read"/> gives its bytes again. A null
    /// <paramref name="analysis"/> means its SQL was not lexed when read (see <see cref="Lex"/>); otherwise its
    /// problems were reported with its set.
    /// </summary>
    internal Migration(MigrationFileName name, string fileName, string path, string checksum, MigrationAnalysis? analysis,
        bool hasByteOrderMark, Func<byte[]> read)
    {
        (Name, FileName, Path, Checksum, HasByteOrderMark, _read) = (name, fileName, path, checksum, hasByteOrderMark, read);
        (_analysis, _lexedWhenRead) = (analysis, analysis is not null);
    }

    /// <summary>The down part of <paramref name="up"/>, which runs as <paramref name="plan"/> says.</summary>
    Migration(Migration up, TransactionPlan plan)
        : this(up.Name, up.FileName, up.Path, up.Checksum, new MigrationAnalysis(plan, false, []), up.HasByteOrderMark, up._read) =>
        Direction = MigrationDirection.Down;

    /// <summary>The parsed file name.</summary>
    public MigrationFileName Name { get; }

    /// <summary>The bare file name, such as <c>20250826000001_basic_tables.sql</c>.</summary>
    public string FileName { get; }

    /// <summary>The path the file was read from, for messages.</summary>
    public string Path { get; }

    /// <summary>SHA-256 of the normalised text (see <see cref="MigrationChecksum"/>).</summary>
    public string Checksum { get; }

    /// <summary>True when the file started with a UTF-8 byte order mark.</summary>
    public bool HasByteOrderMark { get; }

    /// <summary>The migration's version.</summary>
    public MigrationVersion Version => Name.Version;

    /// <summary>The description part of the name.</summary>
    public string Description => Name.Description;

    /// <summary>A versioned migration, a repeatable one, or a callback (see <see cref="MigrationKind"/>).</summary>
    public MigrationKind Kind => Name.Kind;

    /// <summary>
    /// Which part of the file this object runs: <see cref="MigrationDirection.Up"/> for a migration as it is found,
    /// <see cref="MigrationDirection.Down"/> for the object <see cref="Down"/> gives.
    /// </summary>
    public MigrationDirection Direction { get; }

    /// <summary>
    /// The file's down part as a migration of its own (the same file, name and checksum; its own transaction mode),
    /// which <c>down</c> applies to revert this one; null when the file has no <c>-- migrate:down</c> part with a
    /// statement in it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The migration has not been lexed (call <see cref="Lex"/>).</exception>
    public Migration? Down => Direction == MigrationDirection.Up && Analysis.Down is { } plan ? _down ??= new Migration(this, plan) : null;

    /// <summary>The line of the file's <c>-- migrate:down</c>, even when nothing follows it; null when it has none.</summary>
    /// <exception cref="InvalidOperationException">The migration has not been lexed (call <see cref="Lex"/>).</exception>
    public int? DownLine => Analysis.DownLine;

    /// <summary>True once the SQL has been lexed (when read, or by <see cref="Lex"/>).</summary>
    public bool IsLexed => _analysis is not null;

    /// <summary>Whether it runs in one transaction, and why not when it does not.</summary>
    /// <exception cref="InvalidOperationException">The migration has not been lexed (call <see cref="Lex"/>).</exception>
    public TransactionPlan Transaction => Analysis.Transaction;

    /// <summary>True when the file allows itself to apply after newer migrations (<c>-- migrate:out-of-order-ok</c>).</summary>
    /// <exception cref="InvalidOperationException">The migration has not been lexed (call <see cref="Lex"/>).</exception>
    public bool OutOfOrderAllowed => Analysis.OutOfOrderAllowed;

    /// <summary>
    /// The versions this file replaces (<c>-- migrate:squashes</c>, written by <c>squash</c>); empty for other files,
    /// and for a file not lexed yet (the plan lexes every file a squash may concern first).
    /// </summary>
    public IReadOnlyList<MigrationVersion> Squashes => _analysis?.Squashes ?? [];

    MigrationAnalysis Analysis => _analysis
        ?? throw new InvalidOperationException($"{FileName} has not been lexed yet: call {nameof(Lex)}() before asking how it runs");

    /// <summary>
    /// True when a row recorded in history stands for this file as it is now: its file checksum is this file's (the
    /// SHA-256 form, or the original service's MD5, which must have been read first: <see cref="ReadLegacyChecksum"/>),
    /// or its statement checksum is, when the row has one this version can compare (the file's must have been read
    /// first: <see cref="ReadStatementChecksum"/>). So an edit of comments or layout alone is no change.
    /// </summary>
    /// <param name="recorded">The row's file checksum.</param>
    /// <param name="recordedStatements">The row's statement checksum, or null when it has none.</param>
    /// <exception cref="InvalidOperationException">A checksum is compared before the file's was read.</exception>
    public bool MatchesChecksum(string recorded, string? recordedStatements = null)
    {
        if (MatchesFileChecksum(recorded))
            return true;
        if (!MigrationChecksum.IsComparableStatementChecksum(recordedStatements))
            return false;
        var statements = _statementChecksum ?? throw new InvalidOperationException(
            $"{FileName}: call {nameof(ReadStatementChecksum)}() before comparing it with a statement checksum from history");
        return string.Equals(recordedStatements, statements, StringComparison.Ordinal);
    }

    /// <summary>
    /// True when a file checksum recorded in history is this file's: the SHA-256 form, or the original service's MD5
    /// of the raw file (read first with <see cref="ReadLegacyChecksum"/>). The cheap test: it needs no lexing.
    /// </summary>
    /// <exception cref="InvalidOperationException">An MD5 checksum is compared before the file's MD5 was read.</exception>
    public bool MatchesFileChecksum(string recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (string.Equals(recorded, Checksum, StringComparison.OrdinalIgnoreCase))
            return true;
        if (!MigrationChecksum.IsLegacyMd5(recorded))
            return false;
        var md5 = _legacyMd5 ?? throw new InvalidOperationException(
            $"{FileName}: call {nameof(ReadLegacyChecksum)}() before comparing it with an MD5 checksum from history");
        return string.Equals(recorded, md5, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The checksum of the file's statements without its comments and layout (<see cref="MigrationChecksum.OfStatements"/>),
    /// which history rows record beside the file checksum. A migration lexed by <see cref="Lex"/> has it already;
    /// otherwise the file is read again, once.
    /// </summary>
    /// <exception cref="MigrateException">The file changed or vanished since it was first read.</exception>
    public string ReadStatementChecksum() => _statementChecksum ??= MigrationChecksum.OfStatements(ReadText());

    /// <summary>
    /// Reads the file again for the MD5 of its raw bytes, with which the original service recorded it. Only a history
    /// with 32-digit checksums needs it; valid UTF-8 re-encodes to exactly the bytes that were read.
    /// </summary>
    /// <exception cref="MigrateException">The file changed or vanished since it was first read.</exception>
    public string ReadLegacyChecksum() =>
        _legacyMd5 ??= MigrationChecksum.LegacyMd5(System.Text.Encoding.UTF8.GetBytes(ReadContent().RawText));

    /// <summary>
    /// Lexes a migration that was read without lexing (reading its file again, once) and returns its problems. A
    /// migration lexed when it was read returns none: its problems were reported with its set.
    /// </summary>
    /// <exception cref="MigrateException">The file changed or vanished since it was first read.</exception>
    public IReadOnlyList<SourceProblem> Lex()
    {
        if (_lexedWhenRead)
            return [];
        // Every call returns the problems, so a set applied to many databases is refused on each of them.
        if (_analysis is null)
        {
            // The files lexed here are the ones a run applies or finds changed: both need the statement checksum, and
            // the text is at hand now.
            MigrationContent? content = ReadContent();
            _statementChecksum ??= MigrationChecksum.OfStatements(content.Sql);
            _analysis = MigrationAnalysis.Of(content.Script);
            if (content.IsLarge)
            {
                // Applying it reads it again: a large text and its statements left for the collector would still be
                // there then (a 200 MB file peaked at 8.1x its size; 5.1x once they are let go here).
                content = null;
                CollectLargeObjects();
            }
        }
        return [.. _analysis.Problems.Select(p => new SourceProblem(Path, p.Line, p.Column, p.Message))];
    }

    /// <summary>
    /// Reads the migration's text again and splits it into statements, refusing it if it is not what was checked:
    /// what is applied is always what the checksum in history stands for. The caller holds the content while it needs
    /// it; nothing here keeps it.
    /// </summary>
    /// <exception cref="MigrateException">The file changed or vanished since it was first read (<see cref="FailureKind.Validation"/>).</exception>
    public MigrationContent ReadContent()
    {
        var sql = ReadText();
        return new MigrationContent(sql, SqlLexer.Split(sql), HasByteOrderMark) { Direction = Direction };
    }

    /// <summary>The text again, without a byte order mark, refused if it is not what was checked.</summary>
    /// <exception cref="MigrateException">The file changed or vanished since it was first read.</exception>
    string ReadText()
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
        var sql = MigrationParser.Decode(MigrationChecksum.WithoutBom(bytes));
        if (bytes.Length >= MigrationContent.LargeText)
        {
            // The bytes are not needed once decoded: free them before the statements are cut from the text.
            bytes = [];
            CollectLargeObjects();
        }
        return sql;
    }

    /// <inheritdoc />
    public override string ToString() => Direction == MigrationDirection.Down ? $"{FileName} (down)" : FileName;

    /// <summary>
    /// A large file's bytes, text and statements live on the large object heap, which only a full collection frees,
    /// and an aggressive one also gives back to the system: without it the next copy came on top of the last, and a
    /// 200 MB migration peaked at ten times its size (5.1 times with it). One collection per large copy is cheap beside
    /// reading and applying it. Call it once the last reference to a large <see cref="MigrationContent"/> is gone.
    /// </summary>
    public static void CollectLargeObjects() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
