using System.Text;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Execution;

/// <summary>
/// Why a migration failed, located in its file: which statement, which line and column, and everything the
/// server said (SQLSTATE, message, detail, hint, context).
/// </summary>
/// <param name="File">The migration's path.</param>
/// <param name="StatementNumber">The 1-based number of the failing statement in the file, when the failure was in one.</param>
/// <param name="Line">The 1-based line in the file: the error position when the server gave one, else the statement's start.</param>
/// <param name="Column">The 1-based column (in characters) of <see cref="Line"/>.</param>
/// <param name="LineText">The text of that line, to print with a caret under the column.</param>
/// <param name="SqlState">The server's SQLSTATE code.</param>
/// <param name="Message">The server's primary message.</param>
/// <param name="Detail">The server's DETAIL, if any.</param>
/// <param name="Hint">The server's HINT, if any.</param>
/// <param name="Where">The server's CONTEXT (for errors inside functions and DO blocks), if any.</param>
/// <param name="Note">What the failure means for the database, when more than "rolled back" (a file run outside a
/// transaction keeps the statements that completed before the failure).</param>
/// <param name="Fix">What to change in the file, when the tool knows (for example a directive to add).</param>
public sealed record MigrationError(
    string File,
    int? StatementNumber,
    int? Line,
    int? Column,
    string? LineText,
    string? SqlState,
    string Message,
    string? Detail,
    string? Hint,
    string? Where,
    string? Note = null,
    string? Fix = null)
{
    /// <summary>Where it happened: <c>file:line:column (statement N)</c>.</summary>
    public string Location
    {
        get
        {
            var place = FileLocation.Format(File, Line, Column);
            return StatementNumber is null ? place : $"{place} (statement {StatementNumber})";
        }
    }

    /// <summary>The whole error as it is stored in the history table's <c>error_message</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Location).Append(": ");
        if (SqlState is not null)
            text.Append(SqlState).Append(": ");
        text.Append(Message);
        AppendField(text, "DETAIL", Detail);
        AppendField(text, "HINT", Hint);
        AppendField(text, "CONTEXT", Where);
        AppendField(text, "NOTE", Note);
        AppendField(text, "FIX", Fix);
        return text.ToString();
    }

    static void AppendField(StringBuilder text, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            text.Append('\n').Append(label).Append(": ").Append(value);
    }
}
