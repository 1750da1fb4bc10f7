using Npgsql;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Connections;

/// <summary>Runs the tool's own SQL (the infrastructure, history edits) in one transaction and one round trip.</summary>
internal static class ScriptRunner
{
    /// <summary>Runs every statement of <paramref name="sql"/> between BEGIN and COMMIT; rolls back on error and rethrows.</summary>
    public static Task RunInTransactionAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        RunInTransactionAsync(connection,
            SqlLexer.Split(sql).Statements.Where(s => !s.IsEmpty).Select(s => new NpgsqlBatchCommand(s.Text)), cancellationToken);

    /// <summary>Runs <paramref name="commands"/> between BEGIN and COMMIT in one round trip; rolls back on error and rethrows.</summary>
    public static async Task RunInTransactionAsync(NpgsqlConnection connection, IEnumerable<NpgsqlBatchCommand> commands, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var command in commands)
            batch.BatchCommands.Add(command);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException)
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(cancellationToken);
            throw;
        }
    }
}
