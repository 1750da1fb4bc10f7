using System.Runtime.ExceptionServices;
using Npgsql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Follows a pipeline's results as they arrive and tells its listeners, in order, when a migration starts and when it
/// commits. A migration has committed once its <c>COMMIT</c> completed: the driver marks a command complete
/// (<see cref="NpgsqlBatchCommand.StatementType"/>) when the server's CommandComplete for it is read, and results
/// arrive in order. They are looked at whenever a notice arrives (see <see cref="ProgressMarker"/>) and when the
/// pipeline ends, however it ends.
/// </summary>
/// <param name="batch">The pipeline's commands.</param>
/// <param name="onStarted">Told the index of each migration the server starts.</param>
/// <param name="onCommitted">Told the index of each migration that committed.</param>
internal sealed class PipelineTracker(NpgsqlBatch batch, Action<int>? onStarted, Action<int>? onCommitted)
{
    readonly List<int> _firstCommands = [];
    ExceptionDispatchInfo? _listenerFailure;

    /// <summary>How many migrations, from the first, have committed.</summary>
    public int Committed { get; private set; }

    /// <summary>How many migrations the pipeline holds.</summary>
    public int Count => _firstCommands.Count;

    /// <summary>Appends a migration's commands, the last of which is its COMMIT.</summary>
    public void Add(IEnumerable<NpgsqlBatchCommand> commands)
    {
        _firstCommands.Add(batch.BatchCommands.Count);
        foreach (var command in commands)
            batch.BatchCommands.Add(command);
    }

    /// <summary>The first command of migration <paramref name="index"/>.</summary>
    public int FirstCommand(int index) => _firstCommands[index];

    /// <summary>The pipeline is being sent: its first migration starts.</summary>
    public void Begin()
    {
        if (Count > 0)
            Tell(onStarted, 0);
    }

    /// <summary>A notice arrived: whatever came before it has been read.</summary>
    public void OnNotice(object? sender, NpgsqlNoticeEventArgs e) => Advance();

    /// <summary>Reports every migration whose COMMIT has completed and was not reported yet, and the start of the next.</summary>
    public void Advance()
    {
        while (Committed < Count && batch.BatchCommands[CommitOf(Committed)].StatementType != StatementType.Unknown)
        {
            Tell(onCommitted, Committed);
            Committed++;
            if (Committed < Count)
                Tell(onStarted, Committed);
        }
    }

    /// <summary>Rethrows what a listener threw while the driver was reading (where it could not be let through).</summary>
    public void ThrowIfListenerFailed() => _listenerFailure?.Throw();

    int CommitOf(int index) => (index + 1 < Count ? _firstCommands[index + 1] : batch.BatchCommands.Count) - 1;

    void Tell(Action<int>? listener, int index)
    {
        if (listener is null || _listenerFailure is not null)
            return;
        try
        {
            listener(index);
        }
        catch (Exception e)
        {
            // Thrown into the driver's read loop, it would break the connection in the middle of the pipeline.
            _listenerFailure = ExceptionDispatchInfo.Capture(e);
        }
    }
}
