using System.Globalization;
using System.Text;
using Npgsql;
using Wayli.Migrate.History;
using Wayli.Migrate.Infrastructure;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// What <c>migrate</c> would send, as SQL text, built from the same command lists the appliers send (parameters
/// shown as literals). Used by <c>plan --sql</c>; it never touches the database.
/// </summary>
public static class ExecutionPreview
{
    /// <summary>The SQL of one migration, exactly as it would be sent.</summary>
    /// <param name="migration">The migration.</param>
    /// <param name="content">Its text and statements.</param>
    /// <param name="versionText">The version as written in the file name.</param>
    /// <param name="table">The history table.</param>
    /// <param name="settings">The session settings of the run.</param>
    /// <param name="isLast">True for the run's last migration, which commits synchronously; the others do not wait for
    /// the WAL flush (see docs/performance.md).</param>
    public static string Render(Migration migration, MigrationContent content, string versionText, HistoryTable table, SessionSettings settings, bool isLast = true)
    {
        ArgumentNullException.ThrowIfNull(migration);
        ArgumentNullException.ThrowIfNull(content);
        var history = new HistoryStore(table);
        var text = new StringBuilder();
        if (migration.Transaction.Mode == TransactionMode.Transactional)
        {
            text.Append("-- one transaction, sent in one pipeline with the transactional migrations around it\n");
            AppendCommands(text, TransactionalApplier.Commands(history, settings, migration, content.StatementsToSend, versionText, deferFlush: !isLast,
                marker: true));
            return text.ToString();
        }
        text.Append("-- outside a transaction (").Append(migration.Transaction.Reason).Append("): each statement on its own\n");
        AppendCommands(text, content.StatementsToSend.Select(s => new NpgsqlBatchCommand(s.Text)));
        text.Append("-- then, in one round trip\n");
        AppendCommands(text, MigrationApplier.SessionReset(settings).Append(history.RecordSuccess(migration, versionText, executionTimeMs: 0)));
        return text.ToString();
    }

    /// <summary>The infrastructure SQL migrate would run first when the history table is missing or outdated.</summary>
    public static string? Bootstrap(HistoryShape shape, HistoryTable table) =>
        shape == HistoryShape.Current ? null : InfrastructureScript.Bootstrap(table);

    static void AppendCommands(StringBuilder text, IEnumerable<NpgsqlBatchCommand> commands)
    {
        foreach (var command in commands)
        {
            var sql = Inline(command).Trim();
            text.Append(sql);
            if (!sql.EndsWith(';'))
                text.Append(';');
            text.Append('\n');
        }
    }

    /// <summary>Replaces <c>$n</c> with the parameter's value as a literal, highest number first so $1 never eats $10.</summary>
    static string Inline(NpgsqlBatchCommand command)
    {
        var sql = command.CommandText;
        for (var i = command.Parameters.Count; i >= 1; i--)
            sql = sql.Replace("$" + i.ToString(CultureInfo.InvariantCulture), Literal(command.Parameters[i - 1].Value), StringComparison.Ordinal);
        return sql;
    }

    static string Literal(object? value) => value switch
    {
        null or DBNull => "NULL",
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => "'" + value.ToString()!.Replace("'", "''", StringComparison.Ordinal) + "'",
    };
}
