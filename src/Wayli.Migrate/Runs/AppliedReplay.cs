using Wayli.Migrate.Failures;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Replay;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>
/// What the target's applied migrations produce, and how the target differs from it: a scratch replay (prepared as
/// <c>test</c> prepares one, on a server of the target's major version) of every migration the history says is
/// applied, in version order, fingerprinted and compared with the target's fingerprint within a <see cref="DriftScope"/>.
/// <c>drift</c> reports the comparison; <c>plan --rehearse</c> goes on to apply the pending migrations on the same
/// replay. Disposing drops the scratch database.
/// </summary>
internal sealed class AppliedReplay : IAsyncDisposable
{
    AppliedReplay(ScratchReplay replay) => Replay = replay;

    /// <summary>The scratch replay, with the applied migrations applied.</summary>
    public ScratchReplay Replay { get; }

    /// <summary>What is compared.</summary>
    public DriftScope Scope { get; private set; } = null!;

    /// <summary>How the target differs from the replay.</summary>
    public IReadOnlyList<DriftDifference> Differences { get; private set; } = [];

    /// <summary>How many migrations were replayed.</summary>
    public int Replayed { get; private set; }

    /// <summary>What a reader should know about the comparison: what was not replayed, and why.</summary>
    public IReadOnlyList<string> Notes { get; private set; } = [];

    /// <summary>What fingerprints cover for a comparison with the target: the schema only, without the platform's schemas unless named.</summary>
    public static FingerprintOptions Fingerprint(MigrationOptions options) =>
        new(Rows: false, ExcludedSchemas: DriftScope.SkippedSchemas(options.Schemas));

    /// <summary>Replays the migrations <paramref name="plan"/> says are applied and compares the result with <paramref name="target"/>.</summary>
    /// <exception cref="MigrateException">The scratch database cannot be made, or an applied migration fails on it
    /// (<see cref="FailureKind.Validation"/>: then nothing can be said about drift).</exception>
    public static async Task<AppliedReplay> StartAsync(RunContext run, MigrationPlan plan, TargetState target, Action<string>? onNote,
        CancellationToken cancellationToken)
    {
        var settings = await run.ReplaySettingsAsync(target.Roles, target.ServerMajorVersion, cancellationToken);
        var replay = new AppliedReplay(await ScratchReplay.StartAsync(settings, cancellationToken));
        try
        {
            onNote?.Invoke($"replaying the applied migrations in {replay.Replay.Description}, PostgreSQL {target.ServerMajorVersion} as the target (dropped afterwards)");
            await replay.CompareAsync(run, plan, target, cancellationToken);
            return replay;
        }
        catch
        {
            await replay.DisposeAsync();
            throw;
        }
    }

    /// <summary>Drops the scratch database; returns what it did there, for the report.</summary>
    public Task<IReadOnlyList<CleanupNote>> EndAsync() => Replay.EndAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Replay.DisposeAsync();

    async Task CompareAsync(RunContext run, MigrationPlan plan, TargetState target, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(run.Options);
        var prepared = await Replay.FingerprintAsync(fingerprint, cancellationToken);
        var applied = plan.Entries.Where(e => e.State is MigrationState.Applied or MigrationState.Drifted && e.Migration is not null).ToList();
        await RebuildAsync(Replay, applied.Select(e => e.Migration!), "the applied migrations", run.Names, cancellationToken);
        Replayed = applied.Count;
        var expected = await Replay.FingerprintAsync(fingerprint, cancellationToken);
        Scope = DriftScope.For(run.Options.Schemas, prepared.CompareTo(expected), run.Table);
        Differences = DriftComparison.Compare(expected, target.Fingerprint, Scope);
        Notes = [.. DescribeUnreplayed(plan)];
    }

    /// <summary>
    /// Applies <paramref name="migrations"/> on <paramref name="replay"/> in order; the first that fails stops the run with
    /// its location and a hint (<see cref="FailureKind.Validation"/>), since nothing can then be compared.
    /// </summary>
    /// <param name="replay">The scratch replay.</param>
    /// <param name="migrations">What to apply.</param>
    /// <param name="what">What they are, for the message ("the applied migrations").</param>
    /// <param name="names">How the user names the preparation options.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    internal static async Task RebuildAsync(ScratchReplay replay, IEnumerable<Migration> migrations, string what, OptionNames names,
        CancellationToken cancellationToken)
    {
        foreach (var migration in migrations)
        {
            if (await replay.ApplyAsync(migration, migration.ReadContent(), cancellationToken) is not { } error)
                continue;
            throw new MigrateException(FailureKind.Validation,
                $"cannot rebuild what {what} make: {error.Location} fails on the scratch database: "
                + $"{(error.SqlState is null ? "" : error.SqlState + ": ")}{error.Message}"
                + (error.Fix is { } fix ? $" (fix: {fix})" : $" (if it needs objects the platform provides, use {names[OptionNames.PrepareFile]} or {names[OptionNames.Supabase]})"));
        }
    }

    static IEnumerable<string> DescribeUnreplayed(MigrationPlan plan)
    {
        var waiting = plan.Entries.Count(e => e.State is MigrationState.Pending or MigrationState.OutOfOrder);
        var failed = plan.Entries.Count(e => e.State == MigrationState.Failed);
        if (waiting + failed > 0)
            yield return $"{waiting} pending and {failed} failed migration(s) in the history are not drift: the database is compared with the applied ones";
        foreach (var entry in plan.Entries.Where(e => e.State == MigrationState.Drifted))
            yield return $"{entry.File} changed after it was applied (its checksum differs from the history's): it was replayed as it is now";
        foreach (var entry in plan.Entries.Where(e => e.State == MigrationState.Missing))
            yield return $"version {entry.VersionText} is recorded as applied but has no file: what it made cannot be replayed, and shows as only in the database";
    }
}
