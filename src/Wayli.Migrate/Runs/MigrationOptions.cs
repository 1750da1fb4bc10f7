using Microsoft.Extensions.Logging;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.History;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>
/// Every setting of a run, each declared once, with the defaults of the command-line tool. The command line maps
/// its flags onto this record (in one function), and a .NET application fills it directly; both hand it to
/// <see cref="MigrationRunner"/>. Only the database is required for the verbs that connect.
/// </summary>
/// <example>
/// <code>
/// var runner = new MigrationRunner(new MigrationOptions { DatabaseUrl = url, StatementLockTimeout = TimeSpan.FromSeconds(5) });
/// </code>
/// </example>
public sealed record MigrationOptions
{
    /// <summary>A <c>postgres://</c> URL or an Npgsql keyword string. Its password never appears in any message.</summary>
    public string? DatabaseUrl { get; init; }

    /// <summary>The migrations folder (default <c>supabase/migrations</c>, relative to the working directory).</summary>
    public string Directory { get; init; } = FolderSource.DefaultPath;

    /// <summary>
    /// Accept migration versions that are not UTC timestamps (<c>YYYYMMDDHHMMSS</c>), for a project numbered
    /// otherwise (<c>001_init.sql</c>). Off by default, so <c>2024_x.sql</c> is reported, not applied as version 2024.
    /// </summary>
    public bool AllowAnyVersion { get; init; }

    /// <summary>A bundle written by <c>build</c>, used instead of <see cref="Directory"/> when set (verified first).</summary>
    public string? Bundle { get; init; }

    /// <summary>The schema of the history table.</summary>
    public string Schema { get; init; } = HistoryTable.DefaultSchema;

    /// <summary>The history table's name.</summary>
    public string Table { get; init; } = HistoryTable.DefaultName;

    /// <summary>Create Supabase's roles (<c>anon</c>, <c>authenticated</c>, <c>service_role</c>; NOLOGIN) where missing.</summary>
    public bool CreateRoles { get; init; }

    /// <summary>Go on although applied migrations' files have changed.</summary>
    public bool AllowDrift { get; init; }

    /// <summary>Apply pending migrations older than the newest applied one.</summary>
    public bool AllowOutOfOrder { get; init; }

    /// <summary>Apply only up to and including this version; null for all.</summary>
    public MigrationVersion? Target { get; init; }

    /// <summary>How long to wait for another migrator's lock (the migration lock, not a table lock); null waits as long as it takes.</summary>
    public TimeSpan? LockWait { get; init; }

    /// <summary>How long to keep retrying while the database cannot be reached yet; null tries once.</summary>
    public TimeSpan? WaitForDatabase { get; init; }

    /// <summary>
    /// PostgreSQL's <c>lock_timeout</c> for migration statements, so a migration that cannot get a table lock gives
    /// up (and is retried, see <see cref="LockRetries"/>) instead of queueing every other query behind it.
    /// </summary>
    public TimeSpan? StatementLockTimeout { get; init; }

    /// <summary>PostgreSQL's <c>statement_timeout</c> for migration statements; null leaves the server's.</summary>
    public TimeSpan? StatementTimeout { get; init; }

    /// <summary>
    /// Apply every pending migration (repeatables and callbacks included) in one transaction, so the run commits whole
    /// or not at all; refused when one of them must run outside a transaction.
    /// </summary>
    public bool SingleTransaction { get; init; }

    /// <summary>Run the <c>beforeMigrate</c> and <c>afterMigrate</c> callbacks even when nothing is pending (by default they run only when something is applied).</summary>
    public bool AlwaysRunCallbacks { get; init; }

    /// <summary>How many times a transactional migration that failed on a lock (55P03) or a deadlock (40P01) is tried again, with back-off.</summary>
    public int LockRetries { get; init; } = 3;

    /// <summary>
    /// A server on which to create (and drop) scratch databases for the proofs (<c>test</c>); null for a throwaway
    /// local PostgreSQL. Scratch databases are never created anywhere else: a replay runs the migrations' cluster-wide
    /// statements (<c>CREATE ROLE</c>…) on that server.
    /// </summary>
    public string? ScratchUrl { get; init; }

    /// <summary>A SQL file run on the scratch database before the migrations (objects the platform provides).</summary>
    public string? PrepareFile { get; init; }

    /// <summary>
    /// Prepare the Supabase environment (roles, auth, storage, extensions, realtime; see docs/supabase.md) on the scratch
    /// database (<c>test</c>), or on the development database (<c>dev</c>, remembered for its folder once given).
    /// </summary>
    public bool Supabase { get; init; }

    /// <summary>
    /// The folder of the project's local development database (<c>dev</c>), relative to the working directory; git-ignored
    /// by a <c>.gitignore</c> the tool writes in it.
    /// </summary>
    public string DevFolder { get; init; } = DefaultDevFolder;

    /// <summary>The default <see cref="DevFolder"/>.</summary>
    public const string DefaultDevFolder = ".wayli-migrate/dev";

    /// <summary>Tables with more rows than this are compared by row count only in schema fingerprints.</summary>
    public int MaxRowsToHash { get; init; } = FingerprintOptions.Default.MaxRowsToHash;

    /// <summary>
    /// For <see cref="MigrationRunner.MigrateManyAsync"/>: migrate only this shard's databases (a deterministic slice
    /// of the targets, by a hash of each database's host, port and name), so that several machines share them; null for all.
    /// </summary>
    public TargetShard? Shard { get; init; }

    /// <summary>
    /// The schemas <c>drift</c> compares; null for the default: <c>public</c> and the
    /// schemas the migrations create or change, without the ones Supabase manages (which are compared only when named here).
    /// </summary>
    public IReadOnlyList<string>? Schemas { get; init; }

    /// <summary>
    /// A lint baseline (written by <see cref="LintBaselineToWrite"/>): the findings it lists are accepted, so lint fails
    /// only on new ones. Null for none.
    /// </summary>
    public string? LintBaseline { get; init; }

    /// <summary>Write every finding lint can accept into this file, as a baseline to lint with; null to write none.</summary>
    public string? LintBaselineToWrite { get; init; }

    /// <summary>Lint only the files added or changed since this git commit (a branch, a tag, <c>HEAD~1</c>); null for all.</summary>
    public string? LintSince { get; init; }

    /// <summary>Lint only the files not yet applied to the database (<see cref="DatabaseUrl"/>).</summary>
    public bool LintPendingOnly { get; init; }

    /// <summary>Where progress is logged when no observer is given to the runner; none when null.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>How messages name these options (the command line's flags, or this record's properties).</summary>
    public OptionNames Names { get; init; } = OptionNames.Library;
}
