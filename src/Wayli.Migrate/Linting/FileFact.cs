using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting;

/// <summary>One object a file creates or drops, and where.</summary>
/// <param name="At">Where the statement (or ALTER TABLE action) is.</param>
/// <param name="Creates">True for CREATE, ADD and the new name of a RENAME; false for DROP and the old name of a RENAME.</param>
/// <param name="Kind">
/// The object kind as CREATE and DROP spell it (<c>TABLE</c>, <c>MATERIALIZED VIEW</c>, <c>POLICY</c>, …), or
/// <c>COLUMN</c> / <c>CONSTRAINT</c> for ALTER TABLE actions.
/// </param>
/// <param name="Name">The object's name.</param>
/// <param name="Table">The table of a column, constraint, index, policy or trigger; null when unknown or not applicable.</param>
/// <param name="Arguments">A function's or procedure's argument types (see <see cref="Shapes.RoutineArguments"/>), or null.</param>
/// <param name="SearchPath">
/// Which <c>search_path</c> unqualified names resolve through: 0 for the session's default (<c>public</c>), n after the
/// file's n-th change of it.
/// </param>
/// <param name="Renamed">
/// True for the two facts of a RENAME: the old name is gone and the new one exists with what the object had (a renamed
/// table is not new).
/// </param>
internal sealed record FileFact(
    FilePosition At,
    bool Creates,
    string Kind,
    ObjectName Name,
    ObjectName? Table,
    string? Arguments,
    int SearchPath,
    bool Renamed = false);
