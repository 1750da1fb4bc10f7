using Npgsql;
using Wayli.Migrate.Replay;

namespace Wayli.Migrate.Verification;

/// <summary>
/// The locks a statement that runs outside a transaction takes: they are gone when it ends, so a second session on
/// the scratch database reads <c>pg_locks</c> while it runs. So that the locks that matter are never missed, that
/// session first holds <c>ROW EXCLUSIVE</c> on every existing table and a snapshot: a statement asking for a lock that
/// blocks writes (or reads) must wait for it, and <c>CREATE INDEX CONCURRENTLY</c> and <c>REINDEX CONCURRENTLY</c>
/// wait for it too, holding their own lock; what it waits for is read, then everything is let go at once, so the
/// statement is delayed by one poll at most and can never wait forever. Locks it takes after that are sampled.
/// </summary>
internal static class LockSampler
{
    /// <summary>Sends the statement through <paramref name="send"/> and returns every table lock its session was seen holding.</summary>
    public static async Task<HashSet<(uint Oid, string Mode)>> SampleAsync(ScratchReplay replay, int processId, IReadOnlyCollection<string> tables,
        Func<Task> send, CancellationToken cancellationToken)
    {
        await using var watcher = await replay.OpenSessionAsync(cancellationToken);
        await HoldAsync(watcher, tables, cancellationToken);
        var seen = new HashSet<(uint, string)>();
        var holding = true;
        var running = send();
        while (!running.IsCompleted)
        {
            var waiting = await ReadAsync(watcher, processId, seen, cancellationToken);
            if (waiting && holding)
            {
                await ExecuteAsync(watcher, "COMMIT", cancellationToken);
                holding = false;
            }
            else if (!holding)
            {
                await Task.WhenAny(running, Task.Delay(1, cancellationToken));
            }
        }
        await running;
        return seen;
    }

    /// <summary>
    /// Opens the transaction that holds the tables and the snapshot. A scratch server's user who may not lock every
    /// table (a table another role owns) still gets the snapshot: then only the concurrent builds are sure to be seen.
    /// </summary>
    static async Task HoldAsync(NpgsqlConnection watcher, IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        await ExecuteAsync(watcher, "BEGIN ISOLATION LEVEL REPEATABLE READ", cancellationToken);
        if (tables.Count > 0)
        {
            try
            {
                await ExecuteAsync(watcher, $"LOCK TABLE {string.Join(", ", tables)} IN ROW EXCLUSIVE MODE", cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                await ExecuteAsync(watcher, "ROLLBACK", cancellationToken);
                await ExecuteAsync(watcher, "BEGIN ISOLATION LEVEL REPEATABLE READ", cancellationToken);
            }
        }
        await ExecuteAsync(watcher, "SELECT 1", cancellationToken); // takes the snapshot
    }

    /// <summary>Adds the session's table locks, granted or asked for, to <paramref name="seen"/>; true when it waits for a lock.</summary>
    static async Task<bool> ReadAsync(NpgsqlConnection watcher, int processId, HashSet<(uint, string)> seen, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(RelationSnapshot.LocksSql, watcher) { Parameters = { new() { Value = processId } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var waiting = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            waiting |= !reader.GetBoolean(2);
            if (!reader.IsDBNull(0))
                seen.Add((reader.GetFieldValue<uint>(0), reader.GetString(1)));
        }
        return waiting;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
