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
/// <para>
/// A migration with a down part is also proven reversible: the database is fingerprinted before its up part (or the
/// fingerprint the previous step ended with is reused), and after the idempotency check its down part is applied and
/// the database fingerprinted again; the two must be equal. Then the up part is applied once more, which must succeed:
/// the down part left nothing that blocks it.
/// </para>
/// </summary>
internal static class IdempotencyProof
{
    /// <summary>Runs the proof on <paramref name="replay"/>, an empty database prepared for the set.</summary>
    public static async Task<IReadOnlyList<IdempotencyResult>> RunAsync(ScratchReplay replay, IReadOnlyList<Migration> migrations,
        FingerprintOptions fingerprint, Action<IdempotencyResult>? onResult, CancellationToken cancellationToken)
    {
        var results = new List<IdempotencyResult>(migrations.Count);
        // The fingerprint of the database as it is now, when the last step ended on one; null when unknown.
        SchemaFingerprint? current = null;
        foreach (var migration in migrations)
        {
            var (result, after) = await CheckAsync(replay, migration, fingerprint, current, cancellationToken);
            current = after;
            results.Add(result);
            onResult?.Invoke(result);
        }
        return results;
    }

    static async Task<(IdempotencyResult Result, SchemaFingerprint? After)> CheckAsync(ScratchReplay replay, Migration migration,
        FingerprintOptions fingerprint, SchemaFingerprint? current, CancellationToken cancellationToken)
    {
        var content = migration.ReadContent();
        // Only a migration with a down part needs the state before it, and the last step's fingerprint may be that state.
        var start = migration.Down is null ? null : current ?? await replay.FingerprintAsync(fingerprint, cancellationToken);
        if (await replay.ApplyAsync(migration, content, cancellationToken) is { } first)
            return (new IdempotencyResult(migration, IdempotencyOutcome.FailsOnFirstApply, first), null);
        var before = await replay.FingerprintAsync(fingerprint, cancellationToken);
        IdempotencyResult result;
        SchemaFingerprint? after = null;
        if (await replay.ApplyAsync(migration, content, cancellationToken) is { } second)
        {
            result = new IdempotencyResult(migration, IdempotencyOutcome.FailsOnRerun, second);
        }
        else
        {
            after = await replay.FingerprintAsync(fingerprint, cancellationToken);
            var difference = before.CompareTo(after);
            result = difference.IsEmpty
                ? new IdempotencyResult(migration, IdempotencyOutcome.Idempotent)
                : new IdempotencyResult(migration, IdempotencyOutcome.ChangesOnRerun, Difference: difference);
        }
        if (migration.Down is not { } down || start is null)
            return (result, after);
        return (result with { Reversibility = await ReversibleAsync(replay, migration, content, down, start, fingerprint, cancellationToken) }, null);
    }

    /// <summary>Applies the down part, compares with the state before the up part, and applies the up part again.</summary>
    static async Task<ReversibilityResult> ReversibleAsync(ScratchReplay replay, Migration migration, MigrationContent content, Migration down,
        SchemaFingerprint start, FingerprintOptions fingerprint, CancellationToken cancellationToken)
    {
        if (await replay.ApplyAsync(down, down.ReadContent(), cancellationToken) is { } failed)
            return new ReversibilityResult(ReversibilityOutcome.DownFails, failed);
        var difference = start.CompareTo(await replay.FingerprintAsync(fingerprint, cancellationToken));
        if (await replay.ApplyAsync(migration, content, cancellationToken) is { } blocked)
        {
            return new ReversibilityResult(ReversibilityOutcome.DownLeavesChanges,
                blocked with { Note = "the up part fails when run again after the down part: the down part left something that blocks it" },
                difference.IsEmpty ? null : difference);
        }
        return difference.IsEmpty
            ? new ReversibilityResult(ReversibilityOutcome.Reversible)
            : new ReversibilityResult(ReversibilityOutcome.DownLeavesChanges, Difference: difference);
    }
}
