namespace Wayli.Migrate.Sql;

/// <summary>
/// Locates offsets that mostly come in increasing order (statement starts) by counting only from the
/// previous one, so a huge one-line script with many statements stays linear, not quadratic.
/// </summary>
internal struct LineCursor(LineMap map)
{
    private int lineIndex;
    private int offset;
    private int column = 1;

    /// <summary>1-based line and code-point column of <paramref name="target"/>.</summary>
    public SqlLocation Locate(int target)
    {
        if (target < offset)
        {
            return map.Locate(target);
        }

        var line = lineIndex;
        while (line + 1 < map.LineCount && map.LineStart(line + 1) <= target)
        {
            line++;
        }

        if (line != lineIndex)
        {
            (lineIndex, offset, column) = (line, map.LineStart(line), 1);
        }

        column += map.CountCodePoints(map.LineStart(line), offset, target);
        offset = target;
        return new(line + 1, column);
    }
}
