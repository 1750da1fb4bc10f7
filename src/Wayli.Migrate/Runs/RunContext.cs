using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.History;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Replay;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// One run's configuration, derived once from <see cref="MigrationOptions"/>: the database, the history table, the
/// planning rules, the session settings, the source of the migrations and who hears about progress. Every verb
/// starts from it, so a setting is interpreted in one place.
/// </summary>
internal sealed class RunContext
{
    ConnectionSettings? _connection;

    public RunContext(MigrationOptions options, MigrationObserver observer)
    {
        Options = options;
        Observer = observer;
        Table = new HistoryTable(options.Schema, options.Table);
        History = new HistoryStore(Table);
        Plan = new PlanOptions(options.AllowDrift, options.AllowOutOfOrder, options.Target, options.Names);
        Session = new SessionSettings(options.StatementLockTimeout, options.StatementTimeout);
        Source = MigrationSource.Choose(options.Directory, options.Bundle, options.Names, options.AllowAnyVersion);
    }

    public MigrationOptions Options { get; }

    public MigrationObserver Observer { get; }

    public OptionNames Names => Options.Names;

    public HistoryTable Table { get; }

    public HistoryStore History { get; }

    public PlanOptions Plan { get; }

    public SessionSettings Session { get; }

    public MigrationSource Source { get; }

    /// <summary>The database, or null when none was given (the verbs that can do without one).</summary>
    public ConnectionSettings? OptionalConnection =>
        _connection ??= string.IsNullOrWhiteSpace(Options.DatabaseUrl) ? null : ConnectionSettings.Parse(Options.DatabaseUrl);

    /// <summary>The database, which the verb needs.</summary>
    /// <exception cref="MigrateException">No database was given (<see cref="FailureKind.Usage"/>).</exception>
    public ConnectionSettings Connection => OptionalConnection
        ?? throw new MigrateException(FailureKind.Usage, $"no database given: give {Names[OptionNames.DatabaseUrl]}");

    /// <summary>
    /// The same run against another database (one of many targets). It runs unobserved: the progress of many databases
    /// at once would interleave; each one's outcome is reported as it finishes.
    /// </summary>
    public RunContext ForDatabase(string url) => new(Options with { DatabaseUrl = url }, MigrationObserver.None);

    /// <summary>
    /// Opens a connection that forwards the infrastructure's notices to the observer. Only a run's first connection
    /// waits for the database; the others follow once it is up.
    /// </summary>
    public Task<NpgsqlConnection> ConnectAsync(bool waitForDatabase, CancellationToken cancellationToken) =>
        DatabaseConnector.OpenAsync(Connection, ReportNotice, cancellationToken,
            waitForDatabase ? Options.WaitForDatabase : null, Observer.WaitingForDatabase, Names);

    /// <summary>
    /// Opens the run's two connections (the first from <paramref name="connect"/>, whose server process is
    /// <paramref name="firstProcessId"/> when known) and takes the migration lock.
    /// </summary>
    public Task<LockedConnections> LockAsync(Func<bool, Task<NpgsqlConnection>> connect, int? firstProcessId, CancellationToken cancellationToken) =>
        LockedConnections.OpenAsync(Connection.Display, (Table.LockKey, Table.WorkLockKey), Options.LockWait, connect, firstProcessId,
            Observer.WaitingForLock, cancellationToken);

    /// <summary>Opens the run's two connections and takes the migration lock.</summary>
    public Task<LockedConnections> LockAsync(CancellationToken cancellationToken) =>
        LockAsync(wait => ConnectAsync(wait, cancellationToken), null, cancellationToken);

    /// <summary>Loads the migrations and refuses them, before any database work, when they have problems.</summary>
    /// <exception cref="MigrateException">The source cannot be read, or has problems (<see cref="SourceProblemsException"/>).</exception>
    public async Task<MigrationSet> LoadValidAsync(bool lexNow, CancellationToken cancellationToken)
    {
        var set = await Source.LoadAsync(lexNow, cancellationToken);
        RefuseProblems(set);
        return set;
    }

    /// <summary>
    /// Refuses a set with problems, listing every one of them: when some were found, the files left unlexed are lexed
    /// too, so one run shows all there is to fix.
    /// </summary>
    /// <exception cref="SourceProblemsException">The set has problems.</exception>
    public static void RefuseProblems(MigrationSet set)
    {
        if (set.IsValid)
            return;
        SourceProblemsException.ThrowIfAny(set.Location, [.. set.Problems, .. set.AllFiles.SelectMany(m => m.Lex())]);
    }

    /// <summary>What schema fingerprints cover.</summary>
    public FingerprintOptions Fingerprint => new(Options.MaxRowsToHash);

    /// <summary>Where a replay runs and how its scratch database is prepared, reading the preparation file if one is named.</summary>
    /// <exception cref="MigrateException">The preparation file cannot be read, or the scratch URL is not one (<see cref="FailureKind.Usage"/>).</exception>
    public async Task<ReplaySettings> ReplaySettingsAsync(CancellationToken cancellationToken) =>
        await ReplaySettingsAsync(await TargetRolesAsync(cancellationToken), null, cancellationToken);

    /// <summary>
    /// Where a replay that is compared with the target runs: the target's <paramref name="roles"/> (read by the caller)
    /// are created there, and its server must run the target's major version, <paramref name="serverMajorVersion"/>.
    /// </summary>
    /// <exception cref="MigrateException">The preparation file cannot be read, or the scratch URL is not one (<see cref="FailureKind.Usage"/>).</exception>
    public async Task<ReplaySettings> ReplaySettingsAsync(IReadOnlyList<string> roles, int? serverMajorVersion, CancellationToken cancellationToken)
    {
        var server = string.IsNullOrWhiteSpace(Options.ScratchUrl) ? null : ConnectionSettings.Parse(Options.ScratchUrl);
        string? prepare = null;
        if (Options.PrepareFile is { } path)
        {
            try
            {
                prepare = await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MigrateException(FailureKind.Usage, $"{Names[OptionNames.PrepareFile]} {path} cannot be read: {e.Message}", e);
            }
        }
        return new ReplaySettings(server, Names[OptionNames.ScratchUrl], prepare, Options.Supabase, roles, serverMajorVersion);
    }

    /// <summary>The target's own roles (none without a target), which migrations grant to and a scratch server lacks.</summary>
    async Task<IReadOnlyList<string>> TargetRolesAsync(CancellationToken cancellationToken)
    {
        if (OptionalConnection is null)
            return [];
        await using var connection = await ConnectAsync(waitForDatabase: true, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY rolname", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var roles = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
            roles.Add(reader.GetString(0));
        return roles;
    }

    /// <summary>Refuses a history table that belongs to some other tool.</summary>
    public void RefuseIncompatible(HistoryShape shape)
    {
        if (shape == HistoryShape.Incompatible)
        {
            throw new MigrateException(FailureKind.Validation,
                $"{Table} exists but is not a migration history Wayli Migrate can use (it needs text columns version, name and checksum, "
                + $"and no other required columns); it was left untouched. Name another table with {Names[OptionNames.Schema]}/{Names[OptionNames.Table]}, or rename that one");
        }
    }

    /// <summary>
    /// Plans from the history: the one place a plan is made, after reading what the comparison needs: the MD5 of the
    /// files whose rows the original service wrote, the statements of every file whose text is not the one applied (a
    /// set read without lexing is lexed here, and refused if one of them has a problem), and the statement checksums
    /// that tell an edit of comments from a change. Files applied with the same text are never lexed.
    /// </summary>
    /// <exception cref="SourceProblemsException">A file not yet applied, or changed since, has a problem.</exception>
    public MigrationPlan MakePlan(MigrationSet set, IReadOnlyList<AppliedMigration> rows)
    {
        RecordedChecksums.ReadLegacy(set.Migrations, rows);
        var applied = RecordedChecksums.Successful(rows);
        var repeatables = rows.Where(r => r.Success && MigrationPlanner.IsRepeatableRow(r)).ToDictionary(r => r.VersionText, r => r.Checksum, StringComparer.Ordinal);
        var changed = set.Migrations.Where(m => !applied.TryGetValue(m.Version, out var row) || !m.MatchesFileChecksum(row.Checksum)).ToList();
        // A repeatable migration is compared by its file checksum alone: applying it again is what it is for.
        Lex(set, [
            .. changed,
            .. set.Repeatables.Where(m => !repeatables.TryGetValue(m.Name.VersionText, out var checksum) || !m.MatchesFileChecksum(checksum)),
        ]);
        RecordedChecksums.ReadStatements(changed, applied);
        // Rows no file has may be those of migrations a squashed file replaced; it is newer than each of them, and only
        // its directive says so: lex what may be it.
        var versions = set.Migrations.Select(m => m.Version).ToHashSet();
        var orphans = applied.Keys.Where(v => !versions.Contains(v)).ToList();
        if (orphans.Count > 0)
        {
            var oldest = orphans.Min();
            Lex(set, set.Migrations.Where(m => !m.IsLexed && m.Version > oldest));
        }
        return MigrationPlanner.Plan(set.Migrations, rows, Plan, set.Repeatables);
    }

    /// <summary>Lexes <paramref name="migrations"/> (those not lexed yet read their file again) and refuses the set if one has a problem.</summary>
    /// <exception cref="SourceProblemsException">One of them has a problem.</exception>
    public static void Lex(MigrationSet set, IEnumerable<Migration> migrations) =>
        SourceProblemsException.ThrowIfAny(set.Location, [.. migrations.SelectMany(m => m.Lex())]);

    void ReportNotice(string message)
    {
        const string Prefix = "wayli-migrate: ";
        // Only the infrastructure's own notices are news; "already exists, skipping" from IF NOT EXISTS is not.
        if (message.StartsWith(Prefix, StringComparison.Ordinal))
            Observer.InfrastructureNotice(message[Prefix.Length..]);
    }
}
