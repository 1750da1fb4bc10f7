using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting;

/// <summary>One object a file creates or drops, and where.</summary>
/// <param name="At">Where the statement (or ALTER TABLE action) is.</param>
/// <param name="Creates">True for CREATE or ADD, false for DROP.</param>
/// <param name="Kind">
/// The object kind as CREATE and DROP spell it (<c>TABLE</c>, <c>MATERIALIZED VIEW</c>, <c>POLICY</c>, …), or
/// <c>COLUMN</c> / <c>CONSTRAINT</c> for ALTER TABLE actions.
/// </param>
/// <param name="Name">The object's name.</param>
/// <param name="Table">The table of a column, constraint, policy or trigger; null when unknown or not applicable.</param>
internal sealed record FileFact(FilePosition At, bool Creates, string Kind, ObjectName Name, ObjectName? Table)
{
    /// <summary>True when this fact is about that object (an unknown table matches any).</summary>
    public bool IsAbout(string kind, ObjectName name, ObjectName? table) =>
        Kind == kind && Name.Matches(name) && (Table is null || table is null || Table.Matches(table));
}
