namespace Wayli.Migrate.Sql;

/// <summary>
/// The up and down parts of a migration script. A line comment <c>-- migrate:down</c> between two statements starts
/// the down part: everything before it is the up part, which is what <c>migrate</c> applies, and everything after it
/// is what <c>down</c> runs to revert it. <c>-- migrate:up</c> may open the file (dbmate writes it); it changes nothing.
/// Markers are found among the lexed tokens, so one in a string, a dollar-quoted body or a block comment is not one.
/// </summary>
/// <example>
/// <c>"-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n"</c> has the up part
/// <c>CREATE TABLE t (id int);</c> and the down part <c>DROP TABLE t;</c>, whose marker is on line 3.
/// </example>
public sealed class MigrationParts
{
    const string Prefix = "migrate:";
    const string UpMarker = "migrate:up";
    const string DownMarker = "migrate:down";

    MigrationParts(IReadOnlyList<SqlStatement> up, IReadOnlyList<SqlStatement> down, int? downLine, IReadOnlyList<SqlProblem> problems) =>
        (Up, Down, DownLine, Problems) = (up, down, downLine, problems);

    /// <summary>The statements of the up part, in order (the whole script when it has no down part).</summary>
    public IReadOnlyList<SqlStatement> Up { get; }

    /// <summary>The statements of the down part, in order; empty when the script has no <c>-- migrate:down</c>.</summary>
    public IReadOnlyList<SqlStatement> Down { get; }

    /// <summary>The line of <c>-- migrate:down</c>, or null when the script has none.</summary>
    public int? DownLine { get; }

    /// <summary>Misplaced, repeated or malformed markers, each with its line.</summary>
    public IReadOnlyList<SqlProblem> Problems { get; }

    /// <summary>True when the down part holds at least one statement to run.</summary>
    public bool HasDown => Down.Any(s => !s.IsEmpty);

    /// <summary>Finds the parts of a lexed script.</summary>
    public static MigrationParts Of(SqlScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        // Most files have no marker at all: one vectorised search spares them a second look at every token.
        if (!script.Text.Contains(Prefix, StringComparison.OrdinalIgnoreCase))
            return new MigrationParts(script.Statements, [], null, []);
        var problems = new List<SqlProblem>();
        var firstStatement = script.Statements.FirstOrDefault(s => !s.IsEmpty);
        (int Index, int Line)? down = null;
        foreach (var marker in Markers(script))
        {
            var location = script.Locate(marker.Offset);
            if (marker.Rest.Length > 0)
                problems.Add(new SqlProblem(location.Line, location.Column, RestProblem(marker)));
            if (marker.InsideStatement)
            {
                problems.Add(new SqlProblem(location.Line, location.Column,
                    $"-- {marker.Name} must stand on a line between two statements, not inside the statement on line {marker.Statement.Line}"));
                continue;
            }
            if (marker.Name == UpMarker)
            {
                if (down is not null || (firstStatement is not null && marker.Statement.Index > firstStatement.Index))
                    problems.Add(new SqlProblem(location.Line, location.Column, "-- migrate:up may only open the file, before its first statement"));
                continue;
            }
            if (down is { } first)
                problems.Add(new SqlProblem(location.Line, location.Column, $"a second -- migrate:down (the first is on line {first.Line}): a file has one down part"));
            else
                down = (marker.Statement.Index, location.Line);
        }
        if (down is not { } split)
            return new MigrationParts(script.Statements, [], null, problems);
        var statements = script.Statements;
        return new MigrationParts([.. statements.Take(split.Index)], [.. statements.Skip(split.Index)], split.Line, problems);
    }

    static string RestProblem(Marker marker) =>
        marker.Rest.Contains("transaction:false", StringComparison.OrdinalIgnoreCase)
            ? $"'transaction:false' after -- {marker.Name} is dbmate's way of saying it; here write -- migrate:no-transaction on the line after -- {marker.Name}"
            : $"unexpected '{marker.Rest}' after -- {marker.Name}: the marker stands alone on its line";

    /// <summary>Every <c>-- migrate:up</c> and <c>-- migrate:down</c> line comment, in order.</summary>
    static List<Marker> Markers(SqlScript script)
    {
        var markers = new List<Marker>();
        foreach (var statement in script.Statements)
        {
            if (!statement.Text.Contains(Prefix, StringComparison.OrdinalIgnoreCase))
                continue;
            var scanner = new SqlScanner(statement.Text);
            while (scanner.Next(out var token))
            {
                if (token.Kind != SqlTokenKind.LineComment)
                    continue;
                var comment = statement.Text.AsSpan(token.Start + 2, token.Length - 2).Trim();
                var name = comment.IndexOfAny(' ', '\t') is var space and >= 0 ? comment[..space] : comment;
                if (!name.Equals(UpMarker, StringComparison.OrdinalIgnoreCase) && !name.Equals(DownMarker, StringComparison.OrdinalIgnoreCase))
                    continue;
                var offset = statement.Offset + token.Start;
                var inside = !statement.IsEmpty && offset > statement.StartOffset;
                markers.Add(new Marker(name.ToString().ToLowerInvariant(), comment[name.Length..].Trim().ToString(), offset, statement, inside));
            }
        }
        return markers;
    }

    /// <summary>One marker comment.</summary>
    /// <param name="Name"><c>migrate:up</c> or <c>migrate:down</c>.</param>
    /// <param name="Rest">Whatever follows the name on its line.</param>
    /// <param name="Offset">Where the comment starts in the script.</param>
    /// <param name="Statement">The statement slice holding it.</param>
    /// <param name="InsideStatement">True when it lies after the statement's first significant token.</param>
    sealed record Marker(string Name, string Rest, int Offset, SqlStatement Statement, bool InsideStatement);
}
