namespace Wayli.Migrate.Sql;

/// <summary>Classifies statements by what they do to the session's transaction (see <see cref="TransactionControl"/>).</summary>
public static class TransactionControls
{
    /// <summary>What <paramref name="statement"/> does to the transaction.</summary>
    /// <example><c>commit and chain;</c> is <see cref="TransactionControl.None"/>: it ends one transaction and opens the next.</example>
    public static TransactionControl Of(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var words = statement.Keywords(4);
        if (words.Count == 0)
            return TransactionControl.None;
        var chained = words.Contains("CHAIN");
        return words[0] switch
        {
            "BEGIN" => TransactionControl.Begin,
            "START" when words.Count > 1 && words[1] == "TRANSACTION" => TransactionControl.Begin,
            "COMMIT" or "END" when !chained && !(words.Count > 1 && words[1] == "PREPARED") => TransactionControl.Commit,
            "ROLLBACK" or "ABORT" when !chained && !(words.Count > 1 && words[1] is "TO" or "PREPARED") => TransactionControl.Rollback,
            _ => TransactionControl.None,
        };
    }
}
