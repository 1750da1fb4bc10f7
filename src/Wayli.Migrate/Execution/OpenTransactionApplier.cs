using Npgsql;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Applies one migration inside a transaction the caller has opened and will end (<c>migrate --single-transaction</c>):
/// its statements in one round trip, then the session reset and its history row, whose execution time is the time
/// the client measured for the statements. A failure leaves the transaction aborted, for the caller to roll back.
/// </summary>
internal static class OpenTransactionApplier
{
    /// <summary>Applies the migration; returns null on success, or the located error (the transaction is then aborted).</summary>
    public static async Task<MigrationError?> ApplyAsync(MigrationSession session, Migration migration, MigrationContent content, string versionText,
        CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var statements = content.StatementsToSend.ToList();
        await using (var batch = new NpgsqlBatch(session.Connection) { Timeout = 0 })
        {
            foreach (var statement in statements)
                batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Text));
            try
            {
                if (batch.BatchCommands.Count > 0)
                    await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (!ErrorLocator.EndsSession(e))
            {
                return ErrorLocator.DescribeBatchFailure(migration, content, statements, batch, commandsBefore: 0, e);
            }
        }
        var elapsed = (int)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        await using var record = new NpgsqlBatch(session.Connection) { Timeout = 0 };
        MigrationApplier.AddSessionReset(record, session.Settings);
        if (session.History is not null)
            record.BatchCommands.Add(session.History.RecordSuccess(migration, versionText, elapsed));
        try
        {
            await record.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (PostgresException e) when (!ErrorLocator.EndsSession(e))
        {
            return ErrorLocator.Describe(migration, content.Script, null, null, e);
        }
    }
}
