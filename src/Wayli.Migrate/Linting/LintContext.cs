using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting;

/// <summary>Where a statement stands: its migration, the migrations before it, what this file does, and what earlier files did.</summary>
/// <param name="migration">The migration being linted.</param>
/// <param name="earlier">The migrations of the set before it, in order.</param>
/// <param name="file">What the file's statements create and drop.</param>
/// <param name="set">What earlier files created.</param>
internal sealed class LintContext(Migration migration, IReadOnlyList<Migration> earlier, FileFacts file, SetFacts set)
{
    /// <summary>The migration being linted.</summary>
    public Migration Migration { get; } = migration;

    /// <summary>The migrations of the set before this one, in order.</summary>
    public IReadOnlyList<Migration> Earlier { get; } = earlier;

    /// <summary>What the statements of this file create and drop, and where.</summary>
    public FileFacts File { get; } = file;

    /// <summary>What earlier files created.</summary>
    public SetFacts Set { get; } = set;

    /// <summary>
    /// True when <paramref name="table"/> may hold rows and be in use when <paramref name="statement"/> runs: no
    /// statement before it in this file created the table. (A table created by an earlier migration of the set
    /// already exists in production.)
    /// </summary>
    public bool IsExistingTable(LintStatement statement, ObjectName table) =>
        !File.CreatedTableBefore(statement.Position, table);

    /// <summary>
    /// A note for messages about a column or constraint of a table that a statement before <paramref name="statement"/>
    /// creates, but not anew on every run (IF NOT EXISTS, or a plain CREATE, which fails first): <c> (t is created
    /// earlier in this file, but a second run finds the table the first run left)</c>, or empty.
    /// </summary>
    public string CreatedEarlier(LintStatement statement, ObjectName table) =>
        File.CreatedTableBefore(statement.Position, table) ? $" ({table} is created earlier in this file, but a second run finds the table the first run left)" : "";

    /// <summary>A note for messages on where an existing table came from: <c> (created by 2025…_trips.sql)</c>, or empty.</summary>
    public string Origin(ObjectName table) => Set.FileCreating(table) is { } file ? $" (created by {file})" : "";
}
