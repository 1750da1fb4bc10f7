using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Follows the transactions a file run statement by statement opens itself, so a failure can say which completed
/// statements really stay applied: those outside the file's own transactions and those in transactions it committed,
/// not those in a transaction the failure aborted (or the file left open), which is rolled back with them.
/// </summary>
internal sealed class OwnTransactions
{
    int _stayed;
    int _inOpen;
    int? _openedOnLine;

    /// <summary>Notes a statement that completed.</summary>
    public void Completed(SqlStatement statement)
    {
        switch (TransactionControls.Of(statement))
        {
            case TransactionControl.Begin when _openedOnLine is null:
                (_openedOnLine, _inOpen) = (statement.Line, 1);
                break;
            case TransactionControl.Commit when _openedOnLine is not null:
                (_stayed, _inOpen, _openedOnLine) = (_stayed + _inOpen + 1, 0, null);
                break;
            case TransactionControl.Rollback when _openedOnLine is not null:
                (_stayed, _inOpen, _openedOnLine) = (_stayed + 1, 0, null);
                break;
            default:
                if (_openedOnLine is null)
                    _stayed++;
                else
                    _inOpen++;
                break;
        }
    }

    /// <summary>
    /// What stayed, once the transaction still open (if any) has been rolled back: the failure aborted it, or the file
    /// never committed it.
    /// </summary>
    public string Describe(int total)
    {
        var stayed = $"{_stayed} of its {total} statement(s) completed and stay applied";
        return _openedOnLine is { } line && _inOpen > 0
            ? $"{stayed}; {_inOpen} more completed inside the file's own transaction (BEGIN on line {line}), which was rolled back, so they did not stay"
            : stayed;
    }
}
