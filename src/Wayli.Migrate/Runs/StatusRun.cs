using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary><c>status</c>: reads the history without the lock and plans against the files; writes nothing.</summary>
internal static class StatusRun
{
    /// <summary>Loads the files (their problems go into the result) and reads where the database stands.</summary>
    public static async Task<StatusResult> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        _ = run.Connection;
        return await ReadAsync(run, await run.Source.LoadAsync(lexNow: true, cancellationToken), cancellationToken);
    }

    /// <summary>Reads where the database stands for a set already loaded.</summary>
    public static async Task<StatusResult> ReadAsync(RunContext run, MigrationSet set, CancellationToken cancellationToken)
    {
        await using var connection = await run.ConnectAsync(waitForDatabase: true, cancellationToken);
        var shape = await run.History.InspectAsync(connection, cancellationToken);
        run.RefuseIncompatible(shape);
        var rows = shape == HistoryShape.Missing ? [] : await run.History.ReadAsync(connection, shape, cancellationToken);
        return new StatusResult(run.Connection.Display, run.Table.ToString(), shape, run.MakePlan(set, rows), set.Problems);
    }
}
