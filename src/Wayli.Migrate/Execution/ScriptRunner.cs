using Npgsql;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>Runs a script of the tool's own (the infrastructure SQL) in one transaction and one round trip.</summary>
internal static class ScriptRunner
{
    /// <summary>Runs every statement of <paramref name="sql"/> between BEGIN and COMMIT; rolls back on error and rethrows.</summary>
    public static async Task RunInTransactionAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var statement in SqlLexer.Split(sql).Statements)
        {
            if (!statement.IsEmpty)
                batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Text));
        }
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
