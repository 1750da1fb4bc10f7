using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Infrastructure;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Replay;

/// <summary>
/// The one component behind every proof: a scratch database (see <see cref="ScratchDatabase"/>) prepared as asked,
/// on which migrations are applied exactly as <c>migrate</c> applies them (same applier, same transaction rules, no
/// history), then fingerprinted or observed. The proofs differ only in what they compare. <see cref="EndAsync"/>
/// drops everything; disposing does so too, so a failure or Ctrl-C never leaves a scratch database behind.
/// </summary>
internal sealed class ScratchReplay : IAsyncDisposable
{
    readonly ScratchDatabase _scratch;
    readonly HashSet<string> _words = new(StringComparer.OrdinalIgnoreCase);
    NpgsqlConnection? _connection;
    IReadOnlyList<CleanupNote>? _ended;

    ScratchReplay(ScratchDatabase scratch) => _scratch = scratch;

    /// <summary>Where the replay runs, for the report.</summary>
    public string Description => _scratch.Description;

    /// <summary>The scratch server's major version.</summary>
    public int ServerMajorVersion => _scratch.ServerMajorVersion;

    /// <summary>The session migrations are applied on.</summary>
    public NpgsqlConnection Connection => _connection ?? throw new ObjectDisposedException(nameof(ScratchReplay));

    /// <summary>Creates and prepares a scratch database and opens the session the replay runs on.</summary>
    public static async Task<ScratchReplay> StartAsync(ReplaySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var replay = new ScratchReplay(await ScratchDatabase.CreateAsync(settings.ScratchServer, settings.ScratchOption, settings.ServerMajorVersion,
            cancellationToken));
        try
        {
            await replay.PrepareAsync(settings, cancellationToken);
            // A new session, so database-level settings the preparation made (such as search_path) are in force.
            replay._connection = await DatabaseConnector.OpenAsync(replay._scratch.Settings, null, cancellationToken);
            return replay;
        }
        catch
        {
            await replay.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies a migration as <c>migrate</c> would, without a history row; returns null on success, or the located error.</summary>
    public Task<MigrationError?> ApplyAsync(Migration migration, MigrationContent content, CancellationToken cancellationToken) =>
        ApplyAsync(migration, content, null, cancellationToken);

    /// <summary>
    /// Applies a migration as <c>migrate</c> would (same applier, same transaction rules), without a history row, with
    /// <paramref name="observer"/> wrapping each statement; returns null on success, or the located error.
    /// </summary>
    public Task<MigrationError?> ApplyAsync(Migration migration, MigrationContent content, StatementObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migration);
        ArgumentNullException.ThrowIfNull(content);
        Remember(content.Sql);
        var session = new MigrationSession(Connection, History: null, new SessionSettings(), Observer: observer);
        return MigrationApplier.ApplyAsync(session, migration, content, migration.Name.VersionText, deferFlush: false, cancellationToken);
    }

    /// <summary>The fingerprint of the scratch database as it is now.</summary>
    public Task<SchemaFingerprint> FingerprintAsync(FingerprintOptions options, CancellationToken cancellationToken) =>
        SchemaFingerprint.CaptureAsync(Connection, options, cancellationToken);

    /// <summary>
    /// Opens another session on the scratch database (a rehearsal watches the replay's session from one); the caller
    /// closes it, before <see cref="EndAsync"/>.
    /// </summary>
    public Task<NpgsqlConnection> OpenSessionAsync(CancellationToken cancellationToken) =>
        DatabaseConnector.OpenAsync(_scratch.Settings, null, cancellationToken);

    /// <summary>
    /// Runs SQL the migrations do not contain on the scratch database (a rehearsal's own event trigger), outside any
    /// migration; the names it mentions are remembered like the migrations' own.
    /// </summary>
    public async Task RunAsync(string sql, CancellationToken cancellationToken)
    {
        Remember(sql);
        await ScriptRunner.RunInTransactionAsync(Connection, sql, cancellationToken);
    }

    /// <summary>
    /// Closes the session and drops the scratch database (and on a named server the server-wide objects the replay
    /// created); returns what it did there and what went wrong, for the report. Never throws.
    /// </summary>
    public async Task<IReadOnlyList<CleanupNote>> EndAsync()
    {
        if (_ended is not null)
            return _ended;
        if (_connection is not null)
            await _connection.DisposeAsync();
        _connection = null;
        return _ended = await _scratch.DropAsync(_words.Contains);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await EndAsync();

    async Task PrepareAsync(ReplaySettings settings, CancellationToken cancellationToken)
    {
        await using var preparing = await DatabaseConnector.OpenAsync(_scratch.Settings, null, cancellationToken);
        if (settings.Roles.Count > 0)
            await CreateRolesAsync(preparing, settings.Roles, cancellationToken);
        if (settings.Supabase)
        {
            Remember(InfrastructureScript.SupabaseEnvironment);
            await SupabaseEnvironment.InstallAsync(preparing, cancellationToken);
        }
        if (settings.PrepareSql is { } prepare)
        {
            Remember(prepare);
            // Retried when it loses a race on the roles to another session on the scratch server (a fresh session holds nothing).
            await ScriptRunner.RunInTransactionRetryingRacesAsync(preparing, prepare, cancellationToken);
        }
    }

    /// <summary>Creates the roles the server lacks, NOLOGIN, so grants to them work as on the target.</summary>
    async Task CreateRolesAsync(NpgsqlConnection connection, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await using var existing = new NpgsqlCommand("SELECT rolname FROM pg_roles", connection);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await existing.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                present.Add(reader.GetString(0));
        }
        foreach (var role in roles.Where(r => !present.Contains(r)))
        {
            await using var create = new NpgsqlCommand($"CREATE ROLE \"{role.Replace("\"", "\"\"", StringComparison.Ordinal)}\" NOLOGIN", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
                _words.Add(role);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
            {
                // Another session on this server created it meanwhile: it is there, and it is not this replay's to drop.
            }
        }
    }

    /// <summary>
    /// Notes the names the SQL mentions (bare words, and quoted identifiers without their quotes), so only the
    /// server-wide objects it names are dropped afterwards.
    /// </summary>
    void Remember(string sql)
    {
        for (var i = 0; i < sql.Length;)
        {
            if (sql[i] == '"')
            {
                var name = new System.Text.StringBuilder();
                for (i++; i < sql.Length && !(sql[i] == '"' && (i + 1 >= sql.Length || sql[i + 1] != '"')); i++)
                {
                    name.Append(sql[i]);
                    if (sql[i] == '"')
                        i++;
                }
                _words.Add(name.ToString());
                i++;
            }
            else if (char.IsLetter(sql[i]) || sql[i] == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                    i++;
                _words.Add(sql[start..i]);
            }
            else
            {
                i++;
            }
        }
    }
}
