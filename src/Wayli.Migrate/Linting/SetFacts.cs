using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting;

/// <summary>What the files linted so far have created, so a message can say where an existing table came from.</summary>
internal sealed class SetFacts
{
    readonly List<(ObjectName Table, string File)> _tables = [];

    /// <summary>The file name of the earliest migration that created the table, or null when none did.</summary>
    public string? FileCreating(ObjectName table) => _tables.FirstOrDefault(t => t.Table.Matches(table)).File;

    /// <summary>Notes a table (or materialized view) created by <paramref name="file"/>.</summary>
    public void RecordTable(ObjectName table, string file) => _tables.Add((table, file));
}
