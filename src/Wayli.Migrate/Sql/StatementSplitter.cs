namespace Wayli.Migrate.Sql;

/// <summary>
/// Walks the tokens once and cuts the script where psql would send a statement: at a <c>;</c> outside
/// parentheses and outside a <c>BEGIN ATOMIC</c> body. Every character lands in exactly one slice.
/// </summary>
internal sealed class StatementSplitter
{
    private readonly string script;
    private readonly LineMap lines;
    private readonly List<SqlStatement> statements = [];
    private readonly List<(int Offset, string Message)> problems = [];
    private LineCursor cursor;

    // State of the statement being read.
    private int statementStart;
    private int firstSignificant = -1;
    private bool hasContent;
    private bool hasUnterminated;
    private bool copiesFromStdin;
    private int parenthesisDepth;
    private int parenthesisOpenedAt;
    private FunctionBodyTracker functionBody;
    private CopyFromStdinDetector copy;

    /// <summary>Prepares to split <paramref name="script"/>.</summary>
    public StatementSplitter(string script)
    {
        this.script = script;
        lines = new LineMap(script);
        cursor = new LineCursor(lines);
    }

    /// <summary>Splits the whole script.</summary>
    public SqlScript Run()
    {
        var scanner = new SqlScanner(script);
        while (scanner.Next(out var token))
        {
            if (token.Unterminated)
            {
                hasUnterminated = true;
                problems.Add((token.Start, SqlMessages.Unterminated(token, script)));
            }

            if (!token.IsTrivia)
            {
                OnSignificant(token, ref scanner);
            }
        }

        Finish();
        var located = problems
            .OrderBy(p => p.Offset)
            .Select(p => ToProblem(p.Offset, p.Message))
            .ToList();
        return new SqlScript(script, statements.AsReadOnly(), located.AsReadOnly(), lines);
    }

    private void OnSignificant(SqlToken token, ref SqlScanner scanner)
    {
        var isFirst = firstSignificant < 0;
        firstSignificant = isFirst ? token.Start : firstSignificant;
        if (token.Kind == SqlTokenKind.Semicolon && parenthesisDepth == 0 && functionBody.Depth == 0)
        {
            EndStatement(token.End, ref scanner);
            return;
        }

        hasContent = true;
        if (copy.Observe(token, script, isFirst, parenthesisDepth))
        {
            copiesFromStdin = true;
            problems.Add((firstSignificant, SqlMessages.CopyFromStdin));
        }

        switch (token.Kind)
        {
            case SqlTokenKind.OpenParenthesis:
                parenthesisOpenedAt = parenthesisDepth++ == 0 ? token.Start : parenthesisOpenedAt;
                break;
            case SqlTokenKind.CloseParenthesis:
                parenthesisDepth -= parenthesisDepth > 0 ? 1 : 0;
                break;
            case SqlTokenKind.Word:
                functionBody.OnWord(script.AsSpan(token.Start, token.Length), token.Start, parenthesisDepth);
                break;
            case SqlTokenKind.MetaCommand:
                problems.Add((token.Start, SqlMessages.MetaCommand(script.AsSpan(token.Start, token.Length))));
                break;
        }
    }

    private void EndStatement(int end, ref SqlScanner scanner)
    {
        var readsRows = copiesFromStdin;
        Emit(end);
        if (!readsRows)
        {
            return;
        }

        // The rows are not SQL: keep them out of the lexer and give them a slice of their own.
        var dataEnd = CopyFromStdinDetector.FindDataEnd(script, end);
        var data = script.AsSpan(end, dataEnd - end);
        var firstNonSpace = data.IndexOfAnyExcept(SqlChars.Spaces);
        firstSignificant = firstNonSpace < 0 ? -1 : end + firstNonSpace;
        hasContent = firstNonSpace >= 0;
        Emit(dataEnd);
        scanner.MoveTo(dataEnd);
    }

    private void Finish()
    {
        if (!hasUnterminated && parenthesisDepth > 0)
        {
            problems.Add((parenthesisOpenedAt, SqlMessages.UnclosedParenthesis));
        }

        if (!hasUnterminated && functionBody.Depth > 0)
        {
            problems.Add((functionBody.OpenedAt, SqlMessages.UnclosedBeginBlock));
        }

        Emit(script.Length);
    }

    private void Emit(int end)
    {
        if (end > statementStart)
        {
            var start = firstSignificant < 0 ? end : firstSignificant;
            var location = cursor.Locate(start);
            statements.Add(new SqlStatement(
                statements.Count,
                statementStart,
                script[statementStart..end],
                start,
                location.Line,
                location.Column,
                !hasContent));
        }

        statementStart = end;
        firstSignificant = -1;
        hasContent = hasUnterminated = copiesFromStdin = false;
        parenthesisDepth = 0;
        functionBody.Reset();
        copy.Reset();
    }

    private SqlProblem ToProblem(int offset, string message)
    {
        var location = lines.Locate(offset);
        return new SqlProblem(location.Line, location.Column, message);
    }
}
