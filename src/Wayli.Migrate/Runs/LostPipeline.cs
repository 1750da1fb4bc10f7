using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// The working connection was lost in the middle of a pipeline, so the run has not heard whether the last migrations it
/// sent committed. A new connection finds out. First the run's old session is ended if it is still on the server (it
/// may still hold statements it received and would go on committing them; holding the run's working lock is what
/// makes it the run's own). Then the history, which each migration writes in its own transaction, says exactly which
/// committed. The first that did not is recorded as failed.
/// </summary>
/// <param name="run">The run's configuration.</param>
/// <param name="session">The lost working session.</param>
internal sealed class LostPipeline(RunContext run, MigrationSession session)
{
    static readonly TimeSpan SessionEndWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many of <paramref name="inDoubt"/>, from the first, committed, and the failure to throw (none when all of
    /// them committed and they were the run's last).
    /// </summary>
    /// <param name="inDoubt">The migrations sent whose commit the run has not read, in order.</param>
    /// <param name="appliedBefore">How many migrations the run applied before them.</param>
    /// <param name="cause">What broke the connection.</param>
    /// <param name="endsRun">True when nothing comes after <paramref name="inDoubt"/> in the run.</param>
    public async Task<(int Committed, MigrateException? Failure)> FindCommittedAsync(IReadOnlyList<PipelinedMigration> inDoubt, int appliedBefore,
        NpgsqlException cause, bool endsRun)
    {
        var lostAt = inDoubt[0].Migration;
        NpgsqlConnection? connection = null;
        try
        {
            connection = await run.ConnectAsync(waitForDatabase: false, CancellationToken.None);
            var ended = session.ProcessId is not { } pid
                || await MigrationLock.EndSessionAsync(connection, run.Table.WorkLockKey, pid, SessionEndWait, CancellationToken.None);
            var rows = await run.History.ReadAsync(connection, HistoryShape.Current, CancellationToken.None);
            var committed = inDoubt.TakeWhile(item => rows.Any(r => r.Success && r.VersionText == item.VersionText
                && string.Equals(r.Checksum, item.Migration.Checksum, StringComparison.OrdinalIgnoreCase))).Count();
            if (committed == inDoubt.Count && endsRun && ended)
                return (committed, null);
            var summary = $"read again on a new connection, the history shows {appliedBefore + committed} migration(s) of this run committed";
            if (!ended)
            {
                return (committed, Failure(cause, $"{summary}, but the run's old session (pid {session.ProcessId}) is still on the server and may yet "
                    + $"commit {(committed < inDoubt.Count ? inDoubt[committed].Migration.FileName : "more")}; once it has ended, run migrate again: "
                    + "it reads the history and applies exactly what did not commit", committed < inDoubt.Count ? inDoubt[committed].Migration : lostAt));
            }
            if (committed == inDoubt.Count)
                return (committed, Failure(cause, $"{summary}, up to {inDoubt[^1].Migration.FileName}; run migrate again to apply the rest", inDoubt[^1].Migration));
            var lost = inDoubt[committed];
            var rolledBack = $"{summary}; the server rolled back {lost.Migration.FileName}, so it is not applied"
                + (committed + 1 < inDoubt.Count ? $", and the {inDoubt.Count - committed - 1} sent after it did not run" : "");
            await run.History.RecordFailureAsync(connection, lost.Migration, lost.VersionText, Lost(run, cause, lost.Migration.FileName) + "; " + rolledBack,
                0, CancellationToken.None);
            return (committed, Failure(cause, rolledBack + "; run migrate again to retry it", lost.Migration));
        }
        catch (Exception e) when (e is MigrateException or NpgsqlException)
        {
            return (0, Failure(cause, $"could not reconnect to find out whether it and the {inDoubt.Count - 1} migration(s) sent after it committed "
                + $"({(e is NpgsqlException npgsql ? DatabaseConnector.Describe(npgsql) : e.Message)}); each commits whole with its history row, "
                + "so the next migrate reads the history and applies exactly those that did not", lostAt));
        }
        finally
        {
            if (connection is not null)
                await connection.DisposeAsync();
        }
    }

    MigrateException Failure(NpgsqlException cause, string detail, Migration migration) =>
        new(FailureKind.Connection, Lost(run, cause, migration.Path) + "; " + detail, cause);

    /// <summary>The start of every lost-connection message: which database, which file, and why.</summary>
    public static string Lost(RunContext run, Exception cause, string file) =>
        $"lost the connection to {run.Connection.Display} while applying {file}: {DatabaseConnector.Describe(cause)}";

    /// <summary>
    /// Records a migration whose session the server ended (a FATAL error, a restart) as failed, on a new
    /// connection, so the history says what happened. If that fails too, the row is simply not written: the
    /// migration is still unapplied and the next run retries it.
    /// </summary>
    public static async Task RecordAsync(RunContext run, Migration migration, string versionText, string message)
    {
        try
        {
            await using var connection = await run.ConnectAsync(waitForDatabase: false, CancellationToken.None);
            await run.History.RecordFailureAsync(connection, migration, versionText, message, 0, CancellationToken.None);
        }
        catch (Exception e) when (e is MigrateException or NpgsqlException)
        {
            // The database is unreachable now; nothing more to record.
        }
    }
}
