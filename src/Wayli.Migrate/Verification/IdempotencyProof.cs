using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Replay;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Verification;

/// <summary>
/// Proves, on a scratch replay, that each migration can run twice: for each file in order it applies it (as
/// <c>migrate</c> would, in a transaction or statement by statement), takes a schema fingerprint, applies the same
/// file again, and fingerprints again. A failing second run or any difference between the fingerprints (objects,
/// definitions, privileges, rows) means the file is not safe to run again. A file that fails even its first run is
/// reported and the proof goes on with the next file, on the database as the earlier files left it, so one run
/// lists every problem.
/// </summary>
internal static class IdempotencyProof
{
    /// <summary>Runs the proof on <paramref name="replay"/>, an empty database prepared for the set.</summary>
    public static async Task<IReadOnlyList<IdempotencyResult>> RunAsync(ScratchReplay replay, IReadOnlyList<Migration> migrations,
        FingerprintOptions fingerprint, Action<IdempotencyResult>? onResult, CancellationToken cancellationToken)
    {
        var results = new List<IdempotencyResult>(migrations.Count);
        foreach (var migration in migrations)
        {
            var result = await CheckAsync(replay, migration, fingerprint, cancellationToken);
            results.Add(result);
            onResult?.Invoke(result);
        }
        return results;
    }

    static async Task<IdempotencyResult> CheckAsync(ScratchReplay replay, Migration migration, FingerprintOptions fingerprint,
        CancellationToken cancellationToken)
    {
        var content = migration.ReadContent();
        if (await replay.ApplyAsync(migration, content, cancellationToken) is { } first)
            return new IdempotencyResult(migration, IdempotencyOutcome.FailsOnFirstApply, first);
        var before = await replay.FingerprintAsync(fingerprint, cancellationToken);
        if (await replay.ApplyAsync(migration, content, cancellationToken) is { } second)
            return new IdempotencyResult(migration, IdempotencyOutcome.FailsOnRerun, second);
        var after = await replay.FingerprintAsync(fingerprint, cancellationToken);
        var difference = before.CompareTo(after);
        return difference.IsEmpty
            ? new IdempotencyResult(migration, IdempotencyOutcome.Idempotent)
            : new IdempotencyResult(migration, IdempotencyOutcome.ChangesOnRerun, Difference: difference);
    }
}
