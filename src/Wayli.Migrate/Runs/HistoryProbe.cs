using Npgsql;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Runs;

/// <summary>
/// A run's first connection with the history as it stood when the run began, read without the lock. Started with
/// <see cref="Migrator.ProbeAsync"/> while the files are still being read, and handed to
/// <c>Migrator.MigrateAsync</c>,
/// it takes the connection's round trips off the critical path of a deploy.
/// </summary>
public sealed class HistoryProbe : IAsyncDisposable
{
    NpgsqlConnection? _connection;

    internal HistoryProbe(NpgsqlConnection connection, HistoryShape shape, IReadOnlyList<AppliedMigration>? rows) =>
        (_connection, Shape, Rows) = (connection, shape, rows);

    /// <summary>What the history table looked like.</summary>
    public HistoryShape Shape { get; }

    /// <summary>The history's rows when the table was current; otherwise null (the locked path reads it).</summary>
    public IReadOnlyList<AppliedMigration>? Rows { get; }

    /// <summary>Hands the connection over to a caller that will dispose of it (once).</summary>
    internal NpgsqlConnection? TakeConnection()
    {
        var connection = _connection;
        _connection = null;
        return connection;
    }

    /// <summary>Closes the connection unless it was handed over.</summary>
    public async ValueTask DisposeAsync()
    {
        if (TakeConnection() is { } connection)
            await connection.DisposeAsync();
    }
}
