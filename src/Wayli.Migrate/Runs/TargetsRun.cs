using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>migrate</c> of one set on many databases (a database per tenant), a few at a time, each under its own lock and
/// through the same <see cref="MigrateRun"/> as a single database. The files are read and checked once; one
/// database's failure does not stop the others unless fail-fast is asked for. With a <see cref="TargetShard"/> it
/// migrates only the databases of that shard, so that several machines share the list.
/// </summary>
internal static class TargetsRun
{
    /// <summary>Runs <c>migrate</c> on every target; the outcomes are in the targets' order.</summary>
    /// <param name="run">The run's configuration (its database is not used).</param>
    /// <param name="urls">The databases.</param>
    /// <param name="parallel">How many databases at once (at least 1).</param>
    /// <param name="failFast">Start no further database after the first failure.</param>
    /// <param name="onOutcome">Told as each database finishes.</param>
    /// <param name="cancellationToken">Cancels everything.</param>
    public static async Task<TargetsResult> RunAsync(RunContext run, IReadOnlyList<string> urls, int parallel, bool failFast,
        Action<TargetOutcome>? onOutcome, CancellationToken cancellationToken)
    {
        if (urls.Count == 0)
            throw new MigrateException(FailureKind.Usage, "the target list is empty");
        if (parallel < 1)
            throw new MigrateException(FailureKind.Usage, "the number of databases to migrate at once must be 1 or more");
        var all = urls.Select(run.ForDatabase).ToList();
        // Every URL is checked before anything runs (every shard checks them all): a typo in the last line must not
        // leave the others half done.
        foreach (var target in all)
            _ = target.Connection;
        var shard = run.Options.Shard;
        var targets = shard is null ? all : all.Where(t => shard.Includes(t.Connection)).ToList();
        var set = await run.LoadValidAsync(lexNow: false, cancellationToken);
        var outcomes = new TargetOutcome[targets.Count];
        using var gate = new SemaphoreSlim(parallel);
        var failed = 0;
        await Task.WhenAll(targets.Select(async (target, index) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                outcomes[index] = failFast && Volatile.Read(ref failed) > 0
                    ? new TargetOutcome(target.Connection.Display, null, Skipped: true)
                    : await MigrateOneAsync(target, set, cancellationToken);
                if (!outcomes[index].Succeeded && !outcomes[index].Skipped)
                    Interlocked.Increment(ref failed);
                onOutcome?.Invoke(outcomes[index]);
            }
            finally
            {
                gate.Release();
            }
        }));
        return new TargetsResult(outcomes, shard?.ToString(), all.Count);
    }

    /// <summary>The database URLs in the first column of <paramref name="sql"/>'s rows, run on the catalog database.</summary>
    public static async Task<IReadOnlyList<string>> QueryAsync(RunContext run, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await run.ConnectAsync(waitForDatabase: true, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var urls = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
                urls.Add(reader.GetString(0));
            return urls;
        }
        catch (PostgresException e)
        {
            throw new MigrateException(FailureKind.Usage, $"the targets query failed on {run.Connection.Display}: {e.SqlState}: {e.MessageText}", e);
        }
    }

    static async Task<TargetOutcome> MigrateOneAsync(RunContext target, MigrationSet set, CancellationToken cancellationToken)
    {
        try
        {
            return new TargetOutcome(target.Connection.Display, await new MigrateRun(target).RunAsync(set, null, cancellationToken));
        }
        catch (MigrateException e)
        {
            return new TargetOutcome(target.Connection.Display, null, e.Kind, e.Message);
        }
    }
}
