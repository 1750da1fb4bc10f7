namespace Wayli.Migrate.Sql;

/// <summary>
/// Walks the tokens once and cuts the script where psql would send a statement: at a <c>;</c> outside
/// parentheses and outside a <c>BEGIN ATOMIC</c> body. Every character lands in exactly one slice.
/// </summary>
internal sealed class StatementSplitter
{
    readonly string _script;
    readonly LineMap _lines;
    readonly List<SqlStatement> _statements = [];
    readonly List<(int Offset, string Message)> _problems = [];
    LineCursor _cursor;

    // State of the statement being read.
    int _statementStart;
    int _firstSignificant = -1;
    bool _hasContent;
    bool _hasUnterminated;
    bool _copiesFromStdin;
    int _parenthesisDepth;
    int _parenthesisOpenedAt;
    FunctionBodyTracker _functionBody;
    CopyFromStdinDetector _copy;

    /// <summary>Prepares to split <paramref name="script"/>.</summary>
    public StatementSplitter(string script)
    {
        _script = script;
        _lines = new LineMap(script);
        _cursor = new LineCursor(_lines);
    }

    /// <summary>Splits the whole script.</summary>
    public SqlScript Run()
    {
        var scanner = new SqlScanner(_script);
        while (scanner.Next(out var token))
        {
            if (token.Unterminated)
            {
                _hasUnterminated = true;
                _problems.Add((token.Start, SqlMessages.Unterminated(token, _script)));
            }

            if (!token.IsTrivia)
                OnSignificant(token, ref scanner);
        }

        Finish();
        var located = _problems
            .OrderBy(p => p.Offset)
            .Select(p => ToProblem(p.Offset, p.Message))
            .ToList();
        return new SqlScript(_script, _statements.AsReadOnly(), located.AsReadOnly(), _lines);
    }

    void OnSignificant(SqlToken token, ref SqlScanner scanner)
    {
        var isFirst = _firstSignificant < 0;
        _firstSignificant = isFirst ? token.Start : _firstSignificant;
        if (token.Kind == SqlTokenKind.Semicolon && _parenthesisDepth == 0 && _functionBody.Depth == 0)
        {
            EndStatement(token.End, ref scanner);
            return;
        }

        _hasContent = true;
        if (_copy.Observe(token, _script, isFirst, _parenthesisDepth))
        {
            _copiesFromStdin = true;
            _problems.Add((_firstSignificant, SqlMessages.CopyFromStdin));
        }

        switch (token.Kind)
        {
            case SqlTokenKind.OpenParenthesis:
                _parenthesisOpenedAt = _parenthesisDepth++ == 0 ? token.Start : _parenthesisOpenedAt;
                break;
            case SqlTokenKind.CloseParenthesis:
                _parenthesisDepth -= _parenthesisDepth > 0 ? 1 : 0;
                break;
            case SqlTokenKind.Word:
                _functionBody.OnWord(_script.AsSpan(token.Start, token.Length), token.Start, _parenthesisDepth);
                break;
            case SqlTokenKind.MetaCommand:
                _problems.Add((token.Start, SqlMessages.MetaCommand(_script.AsSpan(token.Start, token.Length))));
                break;
        }
    }

    void EndStatement(int end, ref SqlScanner scanner)
    {
        var readsRows = _copiesFromStdin;
        Emit(end);
        if (!readsRows)
            return;

        // The rows are not SQL: keep them out of the lexer and give them a slice of their own.
        var dataEnd = CopyFromStdinDetector.FindDataEnd(_script, end);
        var data = _script.AsSpan(end, dataEnd - end);
        var firstNonSpace = data.IndexOfAnyExcept(SqlChars.Spaces);
        _firstSignificant = firstNonSpace < 0 ? -1 : end + firstNonSpace;
        _hasContent = firstNonSpace >= 0;
        Emit(dataEnd);
        scanner.MoveTo(dataEnd);
    }

    void Finish()
    {
        if (!_hasUnterminated && _parenthesisDepth > 0)
            _problems.Add((_parenthesisOpenedAt, SqlMessages.UnclosedParenthesis));

        if (!_hasUnterminated && _functionBody.Depth > 0)
            _problems.Add((_functionBody.OpenedAt, SqlMessages.UnclosedBeginBlock));

        Emit(_script.Length);
    }

    void Emit(int end)
    {
        if (end > _statementStart)
        {
            var start = _firstSignificant < 0 ? end : _firstSignificant;
            var location = _cursor.Locate(start);
            _statements.Add(new SqlStatement(
                _statements.Count,
                _statementStart,
                _script[_statementStart..end],
                start,
                location.Line,
                location.Column,
                !_hasContent));
        }

        _statementStart = end;
        _firstSignificant = -1;
        _hasContent = _hasUnterminated = _copiesFromStdin = false;
        _parenthesisDepth = 0;
        _functionBody.Reset();
        _copy.Reset();
    }

    SqlProblem ToProblem(int offset, string message)
    {
        var location = _lines.Locate(offset);
        return new SqlProblem(location.Line, location.Column, message);
    }
}
