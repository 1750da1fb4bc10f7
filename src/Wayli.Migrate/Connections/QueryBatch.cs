using Npgsql;

namespace Wayli.Migrate.Connections;

/// <summary>
/// Several of the tool's own commands sent in one round trip, each query read by its own reader, in order. Commands
/// that return no rows (<c>SET</c>, <c>ROLLBACK</c>) take no reader; every command that returns rows must have one,
/// since the driver moves from one result with rows to the next. The last query may be sent on the chance that it
/// works (<see cref="AddHopeful"/>): when it fails for a reason it was told to expect, the batch still succeeds,
/// without it.
/// </summary>
/// <param name="connection">Where to send the commands.</param>
internal sealed class QueryBatch(NpgsqlConnection connection)
{
    readonly List<NpgsqlBatchCommand> _commands = [];
    readonly List<Func<NpgsqlDataReader, CancellationToken, Task>> _readers = [];
    Func<PostgresException, bool>? _hopefulFailure;

    /// <summary>How long the batch may take, in seconds (0 for no limit, the default).</summary>
    public int Timeout { get; init; }

    /// <summary>Adds a command that returns no rows.</summary>
    public void Add(string sql) => Add(new NpgsqlBatchCommand(sql));

    /// <summary>Adds a command that returns no rows.</summary>
    public void Add(NpgsqlBatchCommand command)
    {
        ThrowIfClosed();
        _commands.Add(command);
    }

    /// <summary>Adds a query whose rows <paramref name="read"/> reads.</summary>
    public void Add(NpgsqlBatchCommand command, Func<NpgsqlDataReader, CancellationToken, Task> read)
    {
        Add(command);
        _readers.Add(read);
    }

    /// <summary>Adds a query whose only row's first column is a boolean, given to <paramref name="take"/>.</summary>
    public void AddFlag(NpgsqlBatchCommand command, Action<bool> take) => Add(command, async (reader, cancellationToken) =>
    {
        await reader.ReadAsync(cancellationToken);
        take(reader.GetBoolean(0));
    });

    /// <summary>
    /// Adds the last query, sent in case it works: when the server refuses it with an error <paramref name="expected"/>
    /// accepts, it is as if it had not been sent. The commands before it are ended first (a Sync), so that its failure
    /// cannot take them back.
    /// </summary>
    public void AddHopeful(NpgsqlBatchCommand command, Func<NpgsqlDataReader, CancellationToken, Task> read, Func<PostgresException, bool> expected)
    {
        if (_commands.Count > 0)
            _commands[^1].AppendErrorBarrier = true;
        Add(command, read);
        _hopefulFailure = expected;
    }

    /// <summary>Sends every command and reads every result; throws the server's first error (but an expected one of the hopeful query).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = Timeout };
        foreach (var command in _commands)
            batch.BatchCommands.Add(command);
        var read = 0;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            for (; read < _readers.Count; read++)
            {
                if (read > 0 && !await reader.NextResultAsync(cancellationToken))
                    throw new InvalidOperationException($"the batch returned {read} result(s) with rows, not {_readers.Count}");
                await _readers[read](reader, cancellationToken);
            }
        }
        catch (PostgresException e) when (_hopefulFailure is { } expected && read == _readers.Count - 1 && expected(e))
        {
            // The hopeful query failed as it may: everything before it was read.
        }
    }

    void ThrowIfClosed()
    {
        if (_hopefulFailure is not null)
            throw new InvalidOperationException("nothing may follow the hopeful query of a batch");
    }
}
