namespace Wayli.Migrate.Sql;

/// <summary>
/// Locates offsets that mostly come in increasing order (statement starts) by counting only from the
/// previous one, so a huge one-line script with many statements stays linear, not quadratic.
/// </summary>
internal struct LineCursor(LineMap map)
{
    int _lineIndex;
    int _offset;
    int _column = 1;

    /// <summary>1-based line and code-point column of <paramref name="target"/>.</summary>
    public SqlLocation Locate(int target)
    {
        if (target < _offset)
            return map.Locate(target);

        var line = _lineIndex;
        while (line + 1 < map.LineCount && map.LineStart(line + 1) <= target)
            line++;

        if (line != _lineIndex)
            (_lineIndex, _offset, _column) = (line, map.LineStart(line), 1);

        _column += map.CountCodePoints(map.LineStart(line), _offset, target);
        _offset = target;
        return new(line + 1, _column);
    }
}
