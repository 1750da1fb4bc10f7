using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>
/// Reads the migrations of one folder: every <c>*.sql</c> file directly in it (other files, such as README.md or
/// .gitkeep, are ignored). Every problem is collected, not just the first, so one run shows all there is to fix.
/// </summary>
public static class MigrationDirectory
{
    /// <summary>The folder used when none is given, relative to the working directory.</summary>
    public const string DefaultPath = "supabase/migrations";

    static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Finds, reads, checks and lexes the migrations in <paramref name="directory"/>.</summary>
    /// <exception cref="MigrateException">The folder does not exist or cannot be listed (<see cref="FailureKind.Usage"/>).</exception>
    public static Task<MigrationSet> LoadAsync(string directory, CancellationToken cancellationToken = default) =>
        LoadAsync(directory, lexNow: true, cancellationToken);

    /// <summary>
    /// Finds, reads and checks the migrations in <paramref name="directory"/>, lexing them now or (with
    /// <paramref name="lexNow"/> false) only when first needed: <c>migrate</c> lexes the files it will apply before
    /// it writes anything, and never those already applied, which is most of a deploy's files.
    /// </summary>
    /// <exception cref="MigrateException">The folder does not exist or cannot be listed (<see cref="FailureKind.Usage"/>).</exception>
    public static async Task<MigrationSet> LoadAsync(string directory, bool lexNow, CancellationToken cancellationToken = default)
    {
        var paths = ListSqlFiles(directory);
        // Reading, checking, lexing and hashing one file needs nothing from the others: use every core.
        var read = new (Migration? Migration, List<SourceProblem> Problems)[paths.Length];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForAsync(0, paths.Length, parallel, async (i, token) =>
        {
            var fileProblems = new List<SourceProblem>();
            read[i] = (await ReadAsync(paths[i], lexNow, fileProblems, token), fileProblems);
        });
        var problems = new List<SourceProblem>();
        var migrations = new List<Migration>(paths.Length);
        foreach (var (migration, fileProblems) in read)
        {
            problems.AddRange(fileProblems);
            if (migration is not null)
                migrations.Add(migration);
        }
        // Ties (duplicate versions) are ordered by file name so the same one is reported every time.
        migrations.Sort((a, b) => a.Version != b.Version ? a.Version.CompareTo(b.Version) : string.CompareOrdinal(a.FileName, b.FileName));
        ReportDuplicateVersions(migrations, problems);
        return new MigrationSet(directory, migrations, problems);
    }

    static string[] ListSqlFiles(string directory)
    {
        if (!Directory.Exists(directory))
            throw new MigrateException(FailureKind.Usage, $"the migrations folder '{directory}' does not exist (give another with --dir)");
        try
        {
            // Any case of .sql is picked up so that a wrongly cased name is reported rather than skipped.
            // Folders too: a folder named like a migration is reported (reading it fails), never skipped silently.
            var files = Directory.GetFileSystemEntries(directory, "*", new EnumerationOptions { MatchCasing = MatchCasing.CaseSensitive, RecurseSubdirectories = false })
                .Where(path => path.EndsWith(MigrationFileName.Extension, StringComparison.OrdinalIgnoreCase))
                .ToArray();
            Array.Sort(files, StringComparer.Ordinal);
            return files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrateException(FailureKind.Usage, $"the migrations folder '{directory}' cannot be listed: {e.Message}", e);
        }
    }

    static async Task<Migration?> ReadAsync(string path, bool lexNow, List<SourceProblem> problems, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var name = MigrationFileName.TryParse(fileName, out var nameProblem);
        if (name is null)
        {
            problems.Add(new SourceProblem(path, null, null, $"not a migration name: {nameProblem}"));
            return null;
        }
        byte[] bytes;
        try
        {
            // Opening a named pipe blocks until something writes to it: read on the pool and give up after a while.
            bytes = await Task.Run(() => File.ReadAllBytes(path), cancellationToken).WaitAsync(ReadTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            problems.Add(new SourceProblem(path, null, null,
                $"could not be read within {ReadTimeout.TotalSeconds:0} s: it is not a regular file (a named pipe or a device?)"));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Asked only when reading failed: a stat per file is a measurable share of a run with nothing to do.
            problems.Add(new SourceProblem(path, null, null, Directory.Exists(path)
                ? "is a folder named like a migration, not a file; rename or remove it"
                : $"cannot be read: {e.Message}"));
            return null;
        }
        // Only what planning needs is kept; the text is read again when the migration is applied.
        return Parse(name, fileName, path, bytes, problems, () => File.ReadAllBytes(path), keep: false, lexNow);
    }

    /// <summary>Turns bytes held in memory (a bundle's entry) into a migration that keeps its text, or records why it cannot be one.</summary>
    internal static Migration? Parse(MigrationFileName name, string fileName, string path, byte[] bytes, List<SourceProblem> problems) =>
        Parse(name, fileName, path, bytes, problems, () => bytes, keep: true, lexNow: true);

    /// <summary>Turns a file's bytes into a migration, or records why it cannot be one.</summary>
    /// <param name="name">The parsed file name.</param>
    /// <param name="fileName">The bare file name.</param>
    /// <param name="path">Where the file is, for messages.</param>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="problems">Receives what is wrong with the file.</param>
    /// <param name="read">Gives the bytes again when the text is needed later.</param>
    /// <param name="keep">True to keep the text and statements now instead of reading them again on first use.</param>
    /// <param name="lexNow">False to leave the lexing (and its problems) for <see cref="Migration.CheckSql"/> or first use.</param>
    internal static Migration? Parse(MigrationFileName name, string fileName, string path, byte[] bytes, List<SourceProblem> problems,
        Func<byte[]> read, bool keep, bool lexNow)
    {
        var content = MigrationChecksum.WithoutBom(bytes);
        if (FindInvalidUtf8(content) is { } invalidAt)
        {
            var (line, column) = Locate(content, invalidAt);
            problems.Add(new SourceProblem(path, line, column, $"is not valid UTF-8 (byte 0x{content[invalidAt]:X2} at offset {invalidAt + bytes.Length - content.Length}); save the file as UTF-8"));
            return null;
        }
        if (content.IndexOf((byte)0) is var nul and >= 0)
        {
            var (line, column) = Locate(content, nul);
            problems.Add(new SourceProblem(path, line, column, "contains a NUL byte, which PostgreSQL cannot accept in SQL text"));
            return null;
        }
        var checksum = MigrationChecksum.Sha256(bytes);
        var hasBom = content.Length != bytes.Length;
        if (!lexNow)
            return new Migration(name, fileName, path, checksum, null, hasBom, read);
        var sql = Decode(content);
        var script = SqlLexer.Split(sql);
        var analysis = MigrationAnalysis.Of(script);
        foreach (var problem in analysis.Problems)
            problems.Add(new SourceProblem(path, problem.Line, problem.Column, problem.Message));
        var migration = new Migration(name, fileName, path, checksum, analysis, hasBom, read);
        if (keep)
            migration.Keep(sql, script);
        return migration;
    }

    /// <summary>The text of a file's bytes (byte order mark already removed), which were checked to be valid UTF-8.</summary>
    internal static string Decode(ReadOnlySpan<byte> content) => StrictUtf8.GetString(content);

    static int? FindInvalidUtf8(ReadOnlySpan<byte> content)
    {
        if (Utf8.IsValid(content))
            return null;
        var buffer = ArrayPool<char>.Shared.Rent(content.Length);
        try
        {
            var status = Utf8.ToUtf16(content, buffer, out var bytesRead, out _, replaceInvalidSequences: false);
            return status == OperationStatus.Done ? null : bytesRead;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Line and column of a byte, counted as the lexer counts them (code points; LF, CRLF or CR end a line).</summary>
    static (int Line, int Column) Locate(ReadOnlySpan<byte> content, int byteOffset)
    {
        // Everything before the offset is valid UTF-8, so it decodes exactly.
        var before = Encoding.UTF8.GetString(content[..byteOffset]);
        var location = new LineMap(before).Locate(before.Length);
        return (location.Line, location.Column);
    }

    static void ReportDuplicateVersions(List<Migration> migrations, List<SourceProblem> problems)
    {
        for (var i = 1; i < migrations.Count; i++)
        {
            var (previous, current) = (migrations[i - 1], migrations[i]);
            if (previous.Version != current.Version)
                continue;
            problems.Add(new SourceProblem(current.Path, null, null,
                $"has the same version {current.Version} as {previous.FileName}; give one of them a new version"));
        }
    }
}
