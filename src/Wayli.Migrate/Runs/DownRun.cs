using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>down</c>: reverts the newest applied migrations, newest first, each down part in its own transaction together
/// with its history change (the row stays, marked reverted, when and by whom). The range is chosen from the history
/// read without the lock, and refused as a whole when one of them cannot be reverted; under the lock the history is
/// read again: a range back to a version loses what another run reverted meanwhile, and any other change (a newest
/// migration that moved, a range that grew) reverts nothing. Without <c>apply</c> it only says what it would do.
/// </summary>
internal static class DownRun
{
    /// <summary>Plans, and when asked applies, a revert.</summary>
    /// <param name="run">The run's configuration.</param>
    /// <param name="request">How far back to go.</param>
    /// <param name="apply">False to only say what would be reverted.</param>
    /// <param name="withSql">Also render the SQL each revert sends.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<DownResult> RunAsync(RunContext run, DownRequest request, bool apply, bool withSql, CancellationToken cancellationToken)
    {
        _ = run.Connection;
        var set = await run.LoadValidAsync(lexNow: true, cancellationToken);
        var status = await StatusRun.ReadAsync(run, set, cancellationToken);
        var chosen = DownPlanner.Choose(status.Plan, request);
        var steps = chosen.Steps.Select(e => Step(run, e, withSql)).ToList();
        if (!apply || chosen.IsRefused || chosen.Steps.Count == 0)
            return Result(run, false, steps, chosen.Refusals, chosen.Notes, null);

        await using var connections = await run.LockAsync(cancellationToken);
        var session = new MigrationSession(connections.Work, run.History, run.Session);
        await MigrationApplier.ApplySettingsAsync(session.Connection, session.Settings, cancellationToken);
        // A table of an earlier version lacks the columns a revert writes: upgrade it (under the lock, as migrate does).
        await InfrastructureInstaller.EnsureAsync(run, session.Connection, cancellationToken);
        var locked = DownPlanner.Choose(run.MakePlan(set, await run.History.ReadAsync(session.Connection, HistoryShape.Current, cancellationToken)), request);
        var shown = chosen.Steps.Select(e => e.VersionText).ToHashSet(StringComparer.Ordinal);
        // A version to go back to means the same under the lock, as long as it reverts nothing that was not shown: what
        // another run reverted meanwhile is simply done. A number of steps counts from a newest that has moved: refuse.
        var stillMeant = locked.Steps.Select(e => e.VersionText).SequenceEqual(chosen.Steps.Select(e => e.VersionText), StringComparer.Ordinal)
            || (request.To is not null && locked.Steps.All(e => shown.Contains(e.VersionText)));
        if (locked.IsRefused || !stillMeant)
        {
            return Result(run, false, steps, [.. locked.Refusals, "the history changed while this run waited for the migration lock (another down or migrate ran): "
                + "nothing was reverted; check status and run down again"], [], null);
        }
        List<string> notes = locked.Steps.Count < chosen.Steps.Count
            ? [$"{chosen.Steps.Count - locked.Steps.Count} of them were reverted by another run while this one waited for the migration lock"]
            : [];
        if (locked.Steps.Count == 0)
            return Result(run, false, [], [], ["nothing to revert: another run reverted them while this one waited for the migration lock"], null);
        return await RevertAsync(run, session, locked.Steps, [.. locked.Steps.Select(e => Step(run, e, withSql))], notes, cancellationToken);
    }

    static async Task<DownResult> RevertAsync(RunContext run, MigrationSession session, IReadOnlyList<PlanEntry> entries, List<DownStep> steps,
        IReadOnlyList<string> notes, CancellationToken cancellationToken)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var down = entry.Migration!.Down!;
            if (down.Transaction.Mode == TransactionMode.NonTransactional)
                run.Observer.RunningOutsideTransaction(down, down.Transaction.Reason!, rerun: false);
            run.Observer.Reverting(down, i + 1, entries.Count);
            var started = TimeProvider.System.GetTimestamp();
            MigrationError? error;
            try
            {
                error = await MigrationApplier.ApplyAsync(session, down, down.ReadContent(), entry.VersionText, deferFlush: false, cancellationToken);
            }
            catch (NpgsqlException e) when (e is not PostgresException pg || ErrorLocator.EndsSession(pg))
            {
                throw new MigrateException(FailureKind.Connection, $"lost the connection to {run.Connection.Display} while reverting {down.Path}: "
                    + $"{DatabaseConnector.Describe(e)}; " + (down.Transaction.Mode == TransactionMode.Transactional
                        ? "the server rolled back its transaction, so it is still applied"
                        : "its down part runs outside a transaction, so the statements before the failure stay; run down again to finish it"), e);
            }
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            if (error is not null)
            {
                run.Observer.Failed(down, error);
                return Result(run, true, steps, [], notes, new MigrationFailure(down, entry.VersionText, error));
            }
            run.Observer.Reverted(down, elapsed);
            steps[i] = steps[i] with { Reverted = true, ElapsedMs = Math.Round(elapsed.TotalMilliseconds, 1) };
        }
        return Result(run, true, steps, [], notes, null);
    }

    static DownStep Step(RunContext run, PlanEntry entry, bool withSql)
    {
        var down = entry.Migration!.Down!;
        var inTransaction = down.Transaction.Mode == TransactionMode.Transactional;
        var sql = withSql ? ExecutionPreview.Render(down, down.ReadContent(), entry.VersionText, run.Table, run.Session) : null;
        return new DownStep(entry.VersionText, down.FileName, inTransaction, inTransaction ? null : down.Transaction.Reason, sql, false, null);
    }

    static DownResult Result(RunContext run, bool applied, IReadOnlyList<DownStep> steps, IReadOnlyList<string> refusals, IReadOnlyList<string> notes,
        MigrationFailure? failure) =>
        new(run.Connection.Display, run.Table.ToString(), applied, steps, refusals, notes, failure);
}
