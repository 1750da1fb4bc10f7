using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting;

/// <summary>
/// What each statement of one file creates and drops, indexed before any rule runs, so a rule can accept a guard
/// written earlier in the file (<c>DROP POLICY IF EXISTS</c> before <c>CREATE POLICY</c>), accept a DROP that the file
/// undoes later (<c>DROP VIEW v; CREATE VIEW v …</c> is safe to run twice), and treat tables the file creates as new.
/// </summary>
internal sealed class FileFacts
{
    static readonly string[] TableKinds = ["TABLE", "FOREIGN TABLE", "MATERIALIZED VIEW"];

    readonly List<FileFact> _facts = [];

    // Names dropped with CASCADE so far, and where: what the file creates from them is dropped with them on a second run.
    readonly List<(FilePosition At, string Name)> _cascaded = [];

    /// <summary>Indexes the statements of a file (DO blocks left out).</summary>
    public FileFacts(IEnumerable<LintStatement> statements)
    {
        foreach (var statement in statements)
            Add(statement);
    }

    /// <summary>True when something before <paramref name="at"/> dropped the object.</summary>
    public bool DroppedBefore(FilePosition at, string kind, ObjectName name, ObjectName? table = null) =>
        _facts.Any(f => f.At < at && !f.Creates && f.IsAbout(kind, name, table));

    /// <summary>True when something after <paramref name="at"/> creates the object again.</summary>
    public bool CreatedAfter(FilePosition at, string kind, ObjectName name, ObjectName? table = null) =>
        _facts.Any(f => f.At > at && f.Creates && f.IsAbout(kind, name, table));

    /// <summary>
    /// True when a statement before <paramref name="at"/> dropped the table (or materialized view), and with it every
    /// index, constraint, trigger and policy on it: whatever is added to it afterwards is new on every run.
    /// </summary>
    public bool DroppedTableBefore(FilePosition at, ObjectName? table) =>
        table is not null && _facts.Any(f => f.At < at && !f.Creates && TableKinds.Contains(f.Kind) && f.Name.Matches(table));

    /// <summary>True when a statement before <paramref name="at"/> created the table (or materialized view).</summary>
    public bool CreatedTableBefore(FilePosition at, ObjectName table) =>
        _facts.Any(f => f.At < at && f.Creates && TableKinds.Contains(f.Kind) && f.Name.Matches(table));

    /// <summary>The tables and materialized views the file creates.</summary>
    public IEnumerable<ObjectName> CreatedTables => _facts.Where(f => f.Creates && TableKinds.Contains(f.Kind)).Select(f => f.Name);

    void Add(LintStatement statement)
    {
        var at = new FilePosition(statement.Statement.Index, 0);
        if (statement.Create is { Name: { } created } create && !create.IsTemporary)
        {
            AddCascadedDrop(statement, create.Kind, created);
            _facts.Add(new FileFact(at, true, create.Kind, created, statement.CreatedOn));
        }
        if (statement.Drop is { } drop)
        {
            foreach (var name in drop.Names)
            {
                _facts.Add(new FileFact(at, false, drop.Kind, name, drop.Table));
                if (drop.Cascade)
                    _cascaded.Add((at, name.Last));
            }
        }
        if (statement.AlterTable is { } alter)
            AddActions(statement.Statement.Index, alter);
    }

    /// <summary>
    /// <c>DROP VIEW a CASCADE; CREATE MATERIALIZED VIEW b AS SELECT … FROM a</c>: on a second run the DROP also removes
    /// b, which the first run created from a, so b counts as dropped there (and so does what is built on b in turn).
    /// </summary>
    void AddCascadedDrop(LintStatement statement, string kind, ObjectName created)
    {
        var tokens = statement.Tokens;
        var source = _cascaded.FirstOrDefault(c => Enumerable.Range(0, tokens.Count)
            .Any(i => tokens[i].IsIdentifier && ObjectName.Fold(tokens[i].Original) == c.Name && c.Name != created.Last));
        if (source.Name is null)
            return;
        _facts.Add(new FileFact(source.At, false, kind, created, null));
        _cascaded.Add((source.At, created.Last));
    }

    void AddActions(int statement, AlterTable alter)
    {
        for (var i = 0; i < alter.Actions.Count; i++)
        {
            var action = alter.Actions[i];
            var (creates, kind) = action.Kind switch
            {
                TableActionKind.AddColumn => (true, "COLUMN"),
                TableActionKind.DropColumn => (false, "COLUMN"),
                TableActionKind.AddConstraint => (true, "CONSTRAINT"),
                TableActionKind.DropConstraint => (false, "CONSTRAINT"),
                _ => (false, ""),
            };
            if (kind.Length > 0 && action.Name is { } name)
                _facts.Add(new FileFact(new FilePosition(statement, i), creates, kind, name, alter.Table));
        }
    }

}
