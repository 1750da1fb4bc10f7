using Wayli.Migrate.History;
using Wayli.Migrate.Infrastructure;
using Wayli.Migrate.Linting;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>
/// The one way in: every verb of the tool, for the command line, for .NET applications and for runs over many
/// databases alike, with the same lock, so an application that migrates at start-up and a deploy-time
/// <c>wayli-migrate</c> never apply a migration twice. Each verb reads its migrations from the source the options
/// name (a folder, or a bundle when one is set) and returns one result record.
/// </summary>
/// <example>
/// <code>
/// var runner = new MigrationRunner(new MigrationOptions { DatabaseUrl = url, Logger = logger });
/// var result = await runner.MigrateAsync(cancellationToken);
/// </code>
/// </example>
/// <param name="options">Every setting of the run.</param>
/// <param name="observer">Hears about progress; when null, progress goes to <see cref="MigrationOptions.Logger"/>, if set.</param>
public sealed class MigrationRunner(MigrationOptions options, MigrationObserver? observer = null)
{
    readonly RunContext _run = new(options ?? throw new ArgumentNullException(nameof(options)),
        observer ?? (options.Logger is { } logger ? new LoggingObserver(logger) : MigrationObserver.None));

    /// <summary>
    /// Applies every pending migration in version order, each in its own transaction with its history row, and stops
    /// at the first failure, which is in the result (<see cref="MigrateResult.Failed"/>), recorded in history and
    /// rolled back. With nothing to do it writes nothing and takes no lock.
    /// </summary>
    /// <exception cref="Failures.MigrateException">The files have problems (<see cref="SourceProblemsException"/>), or the
    /// database cannot be reached or locked, or the infrastructure cannot be installed.</exception>
    public Task<MigrateResult> MigrateAsync(CancellationToken cancellationToken = default) =>
        options.Shard is null
            ? new MigrateRun(_run).RunAsync(cancellationToken)
            : throw new Failures.MigrateException(Failures.FailureKind.Usage,
                $"{_run.Names[nameof(MigrationOptions.Shard)]} shares many target databases between machines: give the targets too");

    /// <summary>
    /// Applies the same migrations to many databases, <paramref name="parallel"/> at a time, each exactly as
    /// <see cref="MigrateAsync"/> would; the database in the options is not used. With
    /// <see cref="MigrationOptions.Shard"/>, only that shard's databases.
    /// </summary>
    /// <param name="databaseUrls">The databases.</param>
    /// <param name="parallel">How many databases at once.</param>
    /// <param name="failFast">Start no further database after the first failure.</param>
    /// <param name="onOutcome">Told as each database finishes, one call at a time.</param>
    /// <param name="cancellationToken">Cancels everything.</param>
    public Task<TargetsResult> MigrateManyAsync(IReadOnlyList<string> databaseUrls, int parallel = 4, bool failFast = false,
        Action<TargetOutcome>? onOutcome = null, CancellationToken cancellationToken = default) =>
        TargetsRun.RunAsync(_run, databaseUrls ?? throw new ArgumentNullException(nameof(databaseUrls)), parallel, failFast, onOutcome, cancellationToken);

    /// <summary>Runs <paramref name="sql"/> on the options' database (a catalog) and returns the first column: database URLs.</summary>
    public Task<IReadOnlyList<string>> QueryDatabaseUrlsAsync(string sql, CancellationToken cancellationToken = default) =>
        TargetsRun.QueryAsync(_run, sql, cancellationToken);

    /// <summary>Where each migration stands, without a lock and without writing anything; the files' problems are in the result.</summary>
    public Task<StatusResult> StatusAsync(CancellationToken cancellationToken = default) => StatusRun.RunAsync(_run, cancellationToken);

    /// <summary>Checks the files and, when a database is given, the history, for anything that would stop <see cref="MigrateAsync"/>.</summary>
    public Task<ValidateResult> ValidateAsync(CancellationToken cancellationToken = default) => ValidateRun.RunAsync(_run, cancellationToken);

    /// <summary>What <see cref="MigrateAsync"/> would do, without a lock and without changing anything.</summary>
    /// <param name="withSql">Also render the exact SQL that would be sent, history writes included.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public Task<PlanResult> PlanAsync(bool withSql = false, CancellationToken cancellationToken = default) =>
        PlanRun.RunAsync(_run, withSql, cancellationToken);

    /// <summary>
    /// What each pending migration will do to the database's tables, from PostgreSQL itself: the applied migrations are
    /// replayed on a scratch database of the same major version (always dropped), then each pending one is applied
    /// there exactly as <see cref="MigrateAsync"/> would, statement by statement, and the locks, rewrites, full scans and
    /// index builds each statement caused are read from inside its transaction and joined with the database's table
    /// sizes. The database is only read, in one short read-only transaction.
    /// </summary>
    /// <param name="onNote">Hears notes, such as where the rehearsal runs.</param>
    /// <param name="cancellationToken">Cancels the run (the scratch database is dropped all the same).</param>
    public Task<RehearsalResult> RehearseAsync(Action<string>? onNote = null, CancellationToken cancellationToken = default) =>
        RehearseRun.RunAsync(_run, onNote, cancellationToken);

    /// <summary>
    /// Checks the files, the database's infrastructure and history (when a database is given), and proves every
    /// migration idempotent on a scratch database that is always dropped.
    /// </summary>
    /// <param name="onNote">Hears notes, such as where the proof runs.</param>
    /// <param name="onResult">Hears each migration's verdict as it comes.</param>
    /// <param name="cancellationToken">Cancels the run (the scratch database is dropped all the same).</param>
    public Task<TestReport> TestAsync(Action<string>? onNote = null, Action<IdempotencyResult>? onResult = null,
        CancellationToken cancellationToken = default) =>
        TestRun.RunAsync(_run, onNote, onResult, cancellationToken);

    /// <summary>
    /// Compares the database with what its applied migrations make (replayed on a scratch database of the same major
    /// version, always dropped), object by object; the database is only read, in one short read-only transaction.
    /// </summary>
    /// <param name="onNote">Hears notes, such as where the replay runs.</param>
    /// <param name="cancellationToken">Cancels the run (the scratch database is dropped all the same).</param>
    public Task<DriftResult> DriftAsync(Action<string>? onNote = null, CancellationToken cancellationToken = default) =>
        DriftRun.RunAsync(_run, onNote, cancellationToken);

    /// <summary>
    /// Reverts the newest applied migrations, newest first, each down part in its own transaction with its history
    /// change; or, without <paramref name="apply"/>, says what it would revert. Refused as a whole, before anything is
    /// reverted, when one of them has no down part, has changed since it was applied, or has no file.
    /// </summary>
    /// <param name="request">How far back to go: a number of steps, or a version to go back to.</param>
    /// <param name="apply">False to only say what would be reverted.</param>
    /// <param name="withSql">Also render the SQL each revert sends.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public Task<DownResult> DownAsync(DownRequest request, bool apply, bool withSql = false, CancellationToken cancellationToken = default) =>
        DownRun.RunAsync(_run, request ?? throw new ArgumentNullException(nameof(request)), apply, withSql, cancellationToken);

    /// <summary>Installs or upgrades the history table, its security and <c>exec_sql</c>, under the migration lock.</summary>
    public Task<BootstrapResult> BootstrapAsync(CancellationToken cancellationToken = default) => BootstrapRun.RunAsync(_run, cancellationToken);

    /// <summary>The SQL <see cref="BootstrapAsync"/> runs, for a person to review and run by hand.</summary>
    public SetupResult Setup() => new(InfrastructureScript.Render(_run.Table, options.CreateRoles));

    /// <summary>Records every migration up to <paramref name="upTo"/> as applied without running it (refused for versions recorded differently).</summary>
    public Task<MaintenanceResult> BaselineAsync(MigrationVersion upTo, CancellationToken cancellationToken = default) =>
        MaintenanceRun.RunAsync(_run, (set, rows, _, _) => Task.FromResult(MaintenancePlanner.Baseline(set.Migrations, rows, upTo)),
            apply: true, "baseline", cancellationToken);

    /// <summary>
    /// Realigns checksums of applied migrations to their files and deletes failed attempts; or, with
    /// <paramref name="markApplied"/> or <paramref name="markPending"/>, edits that one row.
    /// </summary>
    /// <param name="apply">False to only say what would change.</param>
    /// <param name="markApplied">Record this version as applied without running it.</param>
    /// <param name="markPending">Delete this version's row, so migrate applies it again.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public Task<MaintenanceResult> RepairAsync(bool apply, MigrationVersion? markApplied = null, MigrationVersion? markPending = null,
        CancellationToken cancellationToken = default) =>
        MaintenanceRun.RunAsync(_run, (set, rows, _, _) => Task.FromResult(MaintenancePlanner.Repair(set.Migrations, rows, markApplied, markPending)),
            apply, "repair", cancellationToken);

    /// <summary>Records as applied what another tool applied (matched by version), so nothing runs twice.</summary>
    /// <param name="source">The tool: one of <see cref="ForeignHistory.Sources"/>.</param>
    /// <param name="foreignSchema">Where that tool's table lives (Flyway's schema).</param>
    /// <param name="apply">False to only say what would change.</param>
    /// <param name="foreignTable">That tool's table when it is not the default (Flyway, goose, golang-migrate, dbmate).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public Task<MaintenanceResult> AdoptAsync(string source, string foreignSchema, bool apply, string? foreignTable = null,
        CancellationToken cancellationToken = default) =>
        MaintenanceRun.RunAsync(_run, async (set, rows, connection, token) =>
                MaintenancePlanner.Adopt(set.Migrations, rows, await ForeignHistory.ReadAsync(connection, source, foreignSchema, token, foreignTable), source),
            apply, $"adopt from {source}", cancellationToken);

    /// <summary>
    /// Converts another tool's project (goose, golang-migrate, dbmate, Flyway) into the migrations folder, and, with a
    /// database, records as applied what that tool applied there (read from its own table), so nothing runs twice.
    /// Without <paramref name="apply"/> it says what it would write and record, and writes nothing.
    /// </summary>
    /// <param name="source">The tool: one of <see cref="Conversion.ProjectConverter.Tools"/>.</param>
    /// <param name="sourceDirectory">The tool's migrations folder.</param>
    /// <param name="foreignSchema">Where Flyway's table lives.</param>
    /// <param name="foreignTable">The tool's history table when it is not the default.</param>
    /// <param name="apply">False to only say what would change.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public Task<ConversionResult> ConvertAsync(string source, string sourceDirectory, string foreignSchema, string? foreignTable, bool apply,
        CancellationToken cancellationToken = default) =>
        ConversionRun.RunAsync(_run, source, sourceDirectory, foreignSchema, foreignTable, apply, cancellationToken);

    /// <summary>
    /// Writes the migration that turns what the folder's migrations make into the database's schema (the options'
    /// database, or <see cref="DiffRequest.ToUrl"/>): the migrations are replayed on a scratch database (always dropped),
    /// the differences written as guarded SQL in dependency order, and the file proved on a fresh replay (it gives the
    /// database's schema, applying it again changes nothing, lint finds no error) before it is written. What it cannot
    /// express, or a destructive change not allowed, is in <see cref="DiffResult.Refusals"/>, and then nothing is written.
    /// The database is only read.
    /// </summary>
    /// <param name="request">The name, the database to reproduce, whether to write a file, whether destructive changes may be written.</param>
    /// <param name="onNote">Hears notes, such as where the replay runs.</param>
    /// <param name="cancellationToken">Cancels the run (the scratch databases are dropped all the same).</param>
    public Task<DiffResult> DiffAsync(DiffRequest request, Action<string>? onNote = null, CancellationToken cancellationToken = default) =>
        DiffRun.RunAsync(_run, request ?? throw new ArgumentNullException(nameof(request)), onNote, cancellationToken);

    /// <summary>
    /// Replaces the migrations up to and including <paramref name="upTo"/> with one file, <c>VERSION_squashed.sql</c>,
    /// after proving on two scratch databases (always dropped) that it gives the same schema and rows as the originals
    /// applied one by one. The file names the versions it replaces, so a database that applied them applies nothing
    /// twice. Without <paramref name="apply"/> it only proves and says what it would write.
    /// </summary>
    /// <param name="upTo">The last version to replace.</param>
    /// <param name="apply">Write the file and move the originals aside (false: only prove).</param>
    /// <param name="delete">Delete the originals instead of moving them aside.</param>
    /// <param name="cancellationToken">Cancels the run (the scratch databases are dropped all the same).</param>
    /// <exception cref="Failures.MigrateException">The version is not a file's, a file runs outside a transaction, or
    /// the proof fails (<see cref="Failures.FailureKind.Validation"/>): then nothing on disk changed.</exception>
    public Task<SquashResult> SquashAsync(MigrationVersion upTo, bool apply, bool delete = false, CancellationToken cancellationToken = default) =>
        SquashRun.RunAsync(_run, upTo, apply, delete, cancellationToken);

    /// <summary>Checks the migrations folder and writes it as one deterministic bundle into <paramref name="outputFolder"/>.</summary>
    /// <exception cref="SourceProblemsException">The files have problems; nothing was written.</exception>
    public async Task<BuildResult> BuildAsync(string outputFolder, CancellationToken cancellationToken = default)
    {
        var set = await new RunContext(options with { Bundle = null }, _run.Observer).LoadValidAsync(lexNow: true, cancellationToken);
        var bytes = MigrationBundle.Write(set, ToolVersion.Current);
        Directory.CreateDirectory(outputFolder);
        var path = Path.Combine(outputFolder, MigrationBundle.FileName);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        return new BuildResult(path, MigrationBundle.Digest(set), set.Migrations.Count);
    }

    /// <summary>Creates the next migration file, <c>YYYYMMDDHHMMSS_description.sql</c> (UTC), from an idempotent template.</summary>
    public async Task<NewResult> NewAsync(string description, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var path = await NewMigration.CreateAsync(options.Directory, description, now, cancellationToken);
        return new NewResult(path, Path.GetFileName(path).Split('_')[0]);
    }

    /// <summary>
    /// The project's local development database, in <see cref="MigrationOptions.DevFolder"/>: created, started, stopped,
    /// described, reset (dropped, recreated, migrated, seeded) or asked for its URL. With
    /// <see cref="MigrationOptions.Supabase"/> it has the Supabase environment, remembered for the folder.
    /// </summary>
    /// <param name="action">What to do.</param>
    /// <param name="cancellationToken">Cancels the command (a server already started keeps running).</param>
    /// <exception cref="Failures.MigrateException">The files have problems (nothing was changed), PostgreSQL's programs are
    /// missing, or the database does not exist for <see cref="DevAction.Url"/>.</exception>
    public Task<DevResult> DevAsync(DevAction action, CancellationToken cancellationToken = default) =>
        DevRun.RunAsync(_run, action, cancellationToken);

    /// <summary>
    /// Checks the migrations, without a database, for statements that are not safe to run twice, lock busy tables or are
    /// insecure. The options narrow what is reported: to the files changed since a git commit
    /// (<see cref="MigrationOptions.LintSince"/>), to those not yet applied to the database
    /// (<see cref="MigrationOptions.LintPendingOnly"/>), and to findings a baseline does not accept
    /// (<see cref="MigrationOptions.LintBaseline"/>); or record every finding in a baseline
    /// (<see cref="MigrationOptions.LintBaselineToWrite"/>).
    /// </summary>
    /// <param name="lint">Which rules are off.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <exception cref="Failures.MigrateException">A rule id, the baseline, the git commit or the options are wrong
    /// (<see cref="Failures.FailureKind.Usage"/>), or the database cannot be read.</exception>
    public Task<LintResult> LintAsync(LintOptions lint, CancellationToken cancellationToken = default) =>
        LintRun.RunAsync(_run, lint ?? LintOptions.Default, cancellationToken);
}
