namespace Wayli.Migrate.Linting;

/// <summary>
/// Where in a file something happens: the statement's index in the script and, within an <c>ALTER TABLE</c>, the
/// action's index (0 for other statements). Positions order as the server executes them.
/// </summary>
/// <param name="Statement">The statement's <see cref="Sql.SqlStatement.Index"/>.</param>
/// <param name="Action">The action's index within the statement.</param>
internal readonly record struct FilePosition(int Statement, int Action) : IComparable<FilePosition>
{
    /// <inheritdoc />
    public int CompareTo(FilePosition other) =>
        Statement != other.Statement ? Statement.CompareTo(other.Statement) : Action.CompareTo(other.Action);

    /// <summary>True when <paramref name="left"/> runs before <paramref name="right"/>.</summary>
    public static bool operator <(FilePosition left, FilePosition right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> runs after <paramref name="right"/>.</summary>
    public static bool operator >(FilePosition left, FilePosition right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> runs before or is <paramref name="right"/>.</summary>
    public static bool operator <=(FilePosition left, FilePosition right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> runs after or is <paramref name="right"/>.</summary>
    public static bool operator >=(FilePosition left, FilePosition right) => left.CompareTo(right) >= 0;
}
