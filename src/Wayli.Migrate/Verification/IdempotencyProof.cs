using Npgsql;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Verification;

/// <summary>
/// Proves, on a scratch database, that each migration can run twice: for each file in order it applies it (as
/// <c>migrate</c> would, in a transaction or statement by statement), takes a schema fingerprint, applies the same
/// file again, and fingerprints again. A failing second run or any difference between the fingerprints (objects,
/// definitions, privileges, rows) means the file is not safe to run again.
/// </summary>
internal static class IdempotencyProof
{
    /// <summary>Runs the proof on <paramref name="scratch"/>, an empty database prepared for the set.</summary>
    public static async Task<IReadOnlyList<IdempotencyResult>> RunAsync(NpgsqlConnection scratch, IReadOnlyList<Migration> migrations,
        FingerprintOptions fingerprint, Action<IdempotencyResult>? onResult, CancellationToken cancellationToken)
    {
        var session = new MigrationSession(scratch, History: null, new SessionSettings());
        var results = new List<IdempotencyResult>(migrations.Count);
        var stopped = false;
        foreach (var migration in migrations)
        {
            var result = stopped
                ? new IdempotencyResult(migration, IdempotencyOutcome.NotChecked)
                : await CheckAsync(session, migration, fingerprint, cancellationToken);
            stopped |= result.Outcome == IdempotencyOutcome.FailsOnFirstApply;
            results.Add(result);
            onResult?.Invoke(result);
        }
        return results;
    }

    static async Task<IdempotencyResult> CheckAsync(MigrationSession session, Migration migration, FingerprintOptions fingerprint,
        CancellationToken cancellationToken)
    {
        if (await MigrationApplier.ApplyAsync(session, migration, migration.Name.VersionText, deferFlush: false, cancellationToken) is { } first)
            return new IdempotencyResult(migration, IdempotencyOutcome.FailsOnFirstApply, first);
        var before = await SchemaFingerprint.CaptureAsync(session.Connection, fingerprint, cancellationToken);
        if (await MigrationApplier.ApplyAsync(session, migration, migration.Name.VersionText, deferFlush: false, cancellationToken) is { } second)
            return new IdempotencyResult(migration, IdempotencyOutcome.FailsOnRerun, second);
        var after = await SchemaFingerprint.CaptureAsync(session.Connection, fingerprint, cancellationToken);
        var difference = before.CompareTo(after);
        return difference.IsEmpty
            ? new IdempotencyResult(migration, IdempotencyOutcome.Idempotent)
            : new IdempotencyResult(migration, IdempotencyOutcome.ChangesOnRerun, Difference: difference);
    }
}
