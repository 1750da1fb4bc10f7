using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Sources;

/// <summary>
/// The migrations of one folder: every <c>*.sql</c> file directly in it (other files, such as README.md or .gitkeep,
/// are ignored), the repeatable migrations of its <c>repeatable/</c> subfolder and the callbacks of its
/// <c>callbacks/</c> subfolder. Every problem is collected, not just the first, so one run shows all there is to fix.
/// </summary>
/// <param name="directory">The folder.</param>
/// <param name="names">How messages name the options.</param>
/// <param name="anyVersion">Accept versions that are not UTC timestamps (a project numbered otherwise, <c>1_init.sql</c>).</param>
public sealed class FolderSource(string directory, OptionNames names, bool anyVersion = false) : MigrationSource
{
    /// <summary>Reads the folder <paramref name="directory"/>, naming options as a library user sets them.</summary>
    public FolderSource(string directory)
        : this(directory, OptionNames.Library)
    {
    }

    /// <summary>The folder used when none is given, relative to the working directory.</summary>
    public const string DefaultPath = "supabase/migrations";

    static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The folder.</summary>
    public string Directory { get; } = directory;

    /// <inheritdoc />
    public override string Location => Directory;

    /// <inheritdoc />
    /// <remarks>Files are read, checked, lexed and hashed on every core. <c>migrate</c> leaves lexing for the files it
    /// will apply, and never lexes those already applied, which is most of a deploy's files.</remarks>
    /// <exception cref="MigrateException">The folder does not exist or cannot be listed (<see cref="FailureKind.Usage"/>).</exception>
    public override async Task<MigrationSet> LoadAsync(bool lexNow = true, CancellationToken cancellationToken = default)
    {
        (string Path, MigrationKind Kind)[] paths =
        [
            .. ListSqlFiles(Directory).Select(p => (p, MigrationKind.Versioned)),
            .. ListSubfolder(MigrationFileName.RepeatableFolder).Select(p => (p, MigrationKind.Repeatable)),
            .. ListSubfolder(MigrationFileName.CallbackFolder).Select(p => (p, MigrationKind.Callback)),
        ];
        // Reading, checking, lexing and hashing one file needs nothing from the others: use every core.
        var read = new (Migration? Migration, List<SourceProblem> Problems)[paths.Length];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForAsync(0, paths.Length, parallel, async (i, token) =>
        {
            var fileProblems = new List<SourceProblem>();
            // Callbacks are few and run whenever there is work: they are always lexed when read.
            var (path, kind) = paths[i];
            read[i] = (await ReadAsync(path, kind, lexNow || kind == MigrationKind.Callback, fileProblems, token), fileProblems);
            if (!anyVersion && read[i].Migration is { Kind: MigrationKind.Versioned } migration && !MigrationVersion.IsTimestamp(migration.Name.VersionText))
            {
                fileProblems.Add(new SourceProblem(path, null, null,
                    $"its version {migration.Name.VersionText} is not a UTC timestamp YYYYMMDDHHMMSS (14 digits, a real date and time, such as "
                    + $"20250101120000); rename it (wayli-migrate new makes one), or, for a project numbered otherwise, allow it once with {names[OptionNames.AllowAnyVersion]}"));
                read[i] = (null, fileProblems);
            }
        });
        var problems = new List<SourceProblem>();
        var migrations = new List<Migration>(paths.Length);
        foreach (var (migration, fileProblems) in read)
        {
            problems.AddRange(fileProblems);
            if (migration is not null)
                migrations.Add(migration);
        }
        var versioned = migrations.Where(m => m.Kind == MigrationKind.Versioned).ToList();
        // Ties (duplicate versions) are ordered by file name so the same one is reported every time.
        versioned.Sort((a, b) => a.Version != b.Version ? a.Version.CompareTo(b.Version) : string.CompareOrdinal(a.FileName, b.FileName));
        ReportDuplicateVersions(versioned, problems);
        return new MigrationSet(Directory, versioned, problems)
        {
            Repeatables = [.. migrations.Where(m => m.Kind == MigrationKind.Repeatable).OrderBy(m => m.FileName, StringComparer.Ordinal)],
            Callbacks = [.. migrations.Where(m => m.Kind == MigrationKind.Callback).OrderBy(m => m.FileName, StringComparer.Ordinal)],
        };
    }

    /// <summary>The <c>*.sql</c> entries of a subfolder of the migrations folder; none when it does not exist.</summary>
    string[] ListSubfolder(string name)
    {
        var folder = Path.Combine(Directory, name);
        return System.IO.Directory.Exists(folder) ? ListSqlFiles(folder) : [];
    }

    string[] ListSqlFiles(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new MigrateException(FailureKind.Usage, $"the migrations folder '{directory}' does not exist (give another with {names[OptionNames.Directory]})");
        try
        {
            // Any case of .sql is picked up so that a wrongly cased name is reported rather than skipped.
            // Folders too: a folder named like a migration is reported (reading it fails), never skipped silently.
            var files = System.IO.Directory.GetFileSystemEntries(directory, "*", new EnumerationOptions { MatchCasing = MatchCasing.CaseSensitive, RecurseSubdirectories = false })
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

    static async Task<Migration?> ReadAsync(string path, MigrationKind kind, bool lexNow, List<SourceProblem> problems, CancellationToken cancellationToken)
    {
        var bareName = Path.GetFileName(path);
        string? nameProblem;
        var name = kind switch
        {
            MigrationKind.Repeatable => MigrationFileName.TryParseRepeatable(bareName, out nameProblem),
            MigrationKind.Callback => MigrationFileName.TryParseCallback(bareName, out nameProblem),
            _ => MigrationFileName.TryParse(bareName, out nameProblem),
        };
        if (name is null)
        {
            problems.Add(new SourceProblem(path, null, null, kind == MigrationKind.Versioned ? $"not a migration name: {nameProblem}" : nameProblem!));
            return null;
        }
        // Repeatables and callbacks are named by their path in the folder, which is also their history key.
        var fileName = kind == MigrationKind.Versioned ? bareName : name.VersionText;
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
            problems.Add(new SourceProblem(path, null, null, System.IO.Directory.Exists(path)
                ? "is a folder named like a migration, not a file; rename or remove it"
                : $"cannot be read: {e.Message}"));
            return null;
        }
        // Only what planning needs is kept; the text is read again when the migration is applied.
        return MigrationParser.Parse(name, fileName, path, bytes, problems, () => File.ReadAllBytes(path), lexNow);
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
