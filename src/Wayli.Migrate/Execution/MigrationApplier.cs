using Npgsql;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Applies one migration the way its file needs: in one transaction (the default), or statement by statement with
/// autocommit when it holds statements PostgreSQL refuses in a transaction block.
/// </summary>
internal static class MigrationApplier
{
    /// <summary>Applies <paramref name="migration"/>; returns null on success, or the located error.</summary>
    /// <param name="session">The connection, history and settings of the run.</param>
    /// <param name="migration">The migration to apply.</param>
    /// <param name="content">Its text and statements, read for this run.</param>
    /// <param name="versionText">The version as written in the file name, for the history row.</param>
    /// <param name="deferFlush">True when a later synchronous commit of the run will flush this one's WAL
    /// (see <see cref="TransactionalApplier"/>); a migration outside a transaction always commits synchronously.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static Task<MigrationError?> ApplyAsync(MigrationSession session, Migration migration, MigrationContent content, string versionText,
        bool deferFlush, CancellationToken cancellationToken) =>
        migration.Transaction.Mode == TransactionMode.Transactional
            ? TransactionalApplier.ApplyAsync(session, migration, content, versionText, deferFlush, cancellationToken)
            : AutocommitApplier.ApplyAsync(session, migration, content, versionText, cancellationToken);

    /// <summary>
    /// Puts the session back as it was at connect time, so one file's <c>SET search_path</c> or <c>SET ROLE</c>
    /// cannot leak into the history write or the next file.
    /// </summary>
    public static void AddSessionReset(NpgsqlBatch batch, SessionSettings settings)
    {
        foreach (var command in SessionReset(settings))
            batch.BatchCommands.Add(command);
    }

    /// <summary>The commands of the session reset, for a batch or for <c>plan --sql</c>.</summary>
    public static IEnumerable<NpgsqlBatchCommand> SessionReset(SessionSettings settings)
    {
        yield return new NpgsqlBatchCommand("RESET ALL");
        yield return new NpgsqlBatchCommand("RESET ROLE");
        foreach (var command in settings.Commands)
            yield return new NpgsqlBatchCommand(command);
    }

    /// <summary>
    /// Applies <paramref name="settings"/> to a connection that has just opened, in a round trip of its own (for
    /// commands that do not fold them into a batch with other reads, as <c>migrate</c> does).
    /// </summary>
    public static async Task ApplySettingsAsync(NpgsqlConnection connection, SessionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in settings.Commands)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(command));
        if (batch.BatchCommands.Count > 0)
            await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
