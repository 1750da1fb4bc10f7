using Wayli.Migrate.Linting.Rules;
using Wayli.Migrate.Linting.Shapes;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Linting;

/// <summary>
/// What each statement of one file creates, drops and renames, indexed before any rule runs, and what that means when
/// the whole file runs a second time on the database its first run left.
/// </summary>
/// <remarks>
/// The idempotency rules ask one question of a statement: when the file runs again, is the object certainly there at
/// this point (so a DROP cannot fail), or certainly not (so a CREATE or ADD cannot fail)? The file alone answers it,
/// on the assumption that its first run succeeded:
/// <list type="bullet">
/// <item>The second run starts from what the first left: an object whose last mention in the file creates it (CREATE,
/// ADD, the new name of a RENAME) is there; one whose last mention drops it, or drops its table or schema, is not.
/// <c>DROP VIEW v; CREATE VIEW v …</c> is safe to repeat; <c>ADD CONSTRAINT c …; … DROP CONSTRAINT c</c> (a
/// temporary check) is too.</item>
/// <item>A statement that creates or drops the object settles its state for what follows, on every run: after
/// <c>CREATE TABLE IF NOT EXISTS t</c> (or a plain CREATE, which succeeded) t exists, so a later <c>DROP TABLE t</c>
/// cannot fail; after <c>DROP CONSTRAINT IF EXISTS c</c> c does not exist, so a later <c>ADD CONSTRAINT c</c> cannot
/// fail. Dropping a table drops its columns, constraints, indexes, triggers, policies and rules; dropping a schema
/// drops what is in it. A RENAME settles nothing on the second run: unguarded it fails there (WM111), guarded it
/// does nothing.</item>
/// <item>A table created where it cannot exist on the second run (the file dropped it before, or drops it for good
/// later) is new on every run: what the file then does to it repeats what the first run did, and cannot fail where
/// the first run did not.</item>
/// <item>A table created where it may exist is the first run's table on the second run, with everything that run
/// added to it: <c>CREATE TABLE IF NOT EXISTS t (…); ALTER TABLE t ADD CONSTRAINT c …</c> fails on the second run.
/// With a plain <c>CREATE TABLE t</c> the second run fails earlier, at the CREATE (WM101); the ADD CONSTRAINT is still
/// reported, because the fix WM101 proposes, IF NOT EXISTS, leaves the first run's table and constraint in place.</item>
/// <item>What a CREATE TABLE declares inside its parentheses is not read: such a column or constraint is known only
/// through the table being new.</item>
/// </list>
/// Names are compared as PostgreSQL folds them (bare lower-cased, quoted exact). An unqualified name means
/// <c>public</c> until the file changes <c>search_path</c>; after that it matches only the same unqualified name under
/// the same setting. Function and procedure overloads are told apart by their argument types. A file that fails
/// part-way outside a transaction and is run again from the top can still fail where these rules see no problem.
/// </remarks>
internal sealed class FileFacts
{
    static readonly string[] TableKinds = ["TABLE", "FOREIGN TABLE", "MATERIALIZED VIEW"];

    // What a column, constraint, index, trigger, policy or rule belongs to, and goes with.
    static readonly string[] ContainerKinds = ["TABLE", "FOREIGN TABLE", "MATERIALIZED VIEW", "VIEW"];

    // Kinds whose names are unique per table rather than per schema.
    static readonly HashSet<string> PerTableKinds = ["COLUMN", "CONSTRAINT", "TRIGGER", "POLICY", "RULE"];

    static readonly string[] TypeKinds = ["TYPE", "DOMAIN"];

    // Kinds that live outside schemas, so no DROP SCHEMA takes them.
    static readonly HashSet<string> GlobalKinds =
    [
        "SCHEMA", "ROLE", "USER", "GROUP", "DATABASE", "TABLESPACE", "PUBLICATION", "SUBSCRIPTION", "EVENT TRIGGER", "SERVER",
        "USER MAPPING", "FOREIGN DATA WRAPPER", "LANGUAGE", "PROCEDURAL LANGUAGE", "ACCESS METHOD", "CAST",
    ];

    readonly List<FileFact> _facts = [];

    // The facts by the object's own name, and the DROP SCHEMA facts, each in file order: a question reads only these.
    readonly Dictionary<string, List<FileFact>> _byName = new(StringComparer.Ordinal);
    readonly List<FileFact> _schemaDrops = [];

    // Names dropped with CASCADE so far, and where: what the file creates from them is dropped with them on a second run.
    readonly List<(FilePosition At, string Name)> _cascaded = [];

    // CHECK (column IS NOT NULL) constraints added, and VALIDATE CONSTRAINT actions, for SET NOT NULL.
    readonly List<(FilePosition At, ObjectName Table, int SearchPath, string Name, string Column, bool Valid)> _notNullChecks = [];
    readonly List<(FilePosition At, ObjectName Table, int SearchPath, string Name)> _validations = [];

    // The search_path setting each statement of the script runs with (see FileFact.SearchPath).
    readonly int[] _searchPaths;

    /// <summary>Indexes the statements of a file (DO blocks left out) that belong to <paramref name="script"/>.</summary>
    public FileFacts(IEnumerable<LintStatement> statements, SqlScript script)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(script);
        _searchPaths = SearchPaths(script);
        foreach (var statement in statements)
            Add(statement);
        // Cascaded drops are noted at the DROP, which comes before the CREATE that records them.
        _facts = [.. _facts.OrderBy(f => f.At)];
        foreach (var fact in _facts)
        {
            if (!_byName.TryGetValue(fact.Name.Last, out var named))
                _byName.Add(fact.Name.Last, named = []);
            named.Add(fact);
            if (fact is { Creates: false, Kind: "SCHEMA" })
                _schemaDrops.Add(fact);
        }
    }

    /// <summary>
    /// True when, on a second run of the whole file, the object certainly exists when the statement at
    /// <paramref name="at"/> runs, or its table is new there and the statement repeats what the first run did: a DROP
    /// there cannot fail for want of the object.
    /// </summary>
    public bool ExistsWhenRunAgain(FilePosition at, string kind, ObjectName name, ObjectName? table = null, string? arguments = null) =>
        StateAt(About(at, kind, name, table, arguments), at) is State.Present or State.Repeated;

    /// <summary>
    /// True when, on a second run of the whole file, the object certainly does not exist when the statement at
    /// <paramref name="at"/> runs, or its table is new there: a CREATE or ADD there cannot fail because the object
    /// exists. With a null <paramref name="name"/> (an index without one) only the table counts.
    /// </summary>
    public bool AbsentWhenRunAgain(FilePosition at, string kind, ObjectName? name, ObjectName? table = null, string? arguments = null) =>
        StateAt(About(at, kind, name, table, arguments), at) is State.Absent or State.Repeated;

    /// <summary>True when a statement before <paramref name="at"/> created the table (or materialized view) anew.</summary>
    public bool CreatedTableBefore(FilePosition at, ObjectName table)
    {
        var path = SearchPathAt(at);
        return Named(table.Last).Any(f => f.At < at && f.Creates && !f.Renamed && TableKinds.Contains(f.Kind) && SameName(f.Name, f.SearchPath, table, path));
    }

    /// <summary>The tables and materialized views the file creates.</summary>
    public IEnumerable<ObjectName> CreatedTables => _facts.Where(f => f.Creates && !f.Renamed && TableKinds.Contains(f.Kind)).Select(f => f.Name);

    /// <summary>
    /// True when, before <paramref name="at"/>, the file added a <c>CHECK (column IS NOT NULL)</c> constraint to the table,
    /// validated it (added without NOT VALID, or VALIDATE CONSTRAINT later) and has not dropped it since: from
    /// PostgreSQL 12, SET NOT NULL then relies on it instead of scanning the table.
    /// </summary>
    public bool HasValidNotNullCheck(FilePosition at, ObjectName table, ObjectName column)
    {
        var path = SearchPathAt(at);
        foreach (var check in _notNullChecks)
        {
            if (check.At >= at || check.Column != column.Last || !SameName(check.Table, check.SearchPath, table, path))
                continue;
            var valid = check.Valid || _validations.Any(v => v.At > check.At && v.At < at && v.Name == check.Name
                && SameName(v.Table, v.SearchPath, check.Table, check.SearchPath));
            var subject = About(check.At, "CONSTRAINT", new ObjectName([check.Name], check.Name), check.Table, null);
            var dropped = Relevant(subject).Any(f => f.At > check.At && f.At < at && !f.Creates && (IsAbout(f, subject) || IsContainerOf(f, subject)));
            if (valid && !dropped)
                return true;
        }
        return false;
    }

    enum State
    {
        /// <summary>The file says nothing that settles it.</summary>
        Unknown,

        /// <summary>Certainly there.</summary>
        Present,

        /// <summary>Certainly not there.</summary>
        Absent,

        /// <summary>Its table is new here on every run: whatever the first run found, the second finds too.</summary>
        Repeated,
    }

    /// <summary>What a rule asks about: an object (or, with no name, anything on a table) as seen from one statement.</summary>
    readonly record struct Subject(IReadOnlyList<string> Kinds, ObjectName? Name, ObjectName? Table, string? Arguments, int SearchPath);

    Subject About(FilePosition at, string kind, ObjectName? name, ObjectName? table, string? arguments) =>
        new(kind is "TYPE" or "DOMAIN" ? TypeKinds : [kind], IndexName(kind, name, table), table, arguments, SearchPathAt(at));

    /// <summary>An index lives in its table's schema: <c>CREATE INDEX i ON app.t</c> creates <c>app.i</c>.</summary>
    static ObjectName? IndexName(string kind, ObjectName? name, ObjectName? table) =>
        kind == "INDEX" && name is { Schema: null } && table?.Schema is { } schema ? new ObjectName([schema, name.Last], name.Written) : name;

    int SearchPathAt(FilePosition at) => at.Statement >= 0 && at.Statement < _searchPaths.Length ? _searchPaths[at.Statement] : 0;

    /// <summary>The object's state on the second run just before <paramref name="at"/>.</summary>
    State StateAt(Subject subject, FilePosition at)
    {
        var state = StateAtEnd(subject);
        foreach (var fact in Relevant(subject))
        {
            if (fact.At >= at)
                break;
            state = After(fact, subject, state, secondRun: true);
        }
        return state;
    }

    /// <summary>The object's state when the first run ends, which is where the second begins.</summary>
    State StateAtEnd(Subject subject)
    {
        var state = State.Unknown;
        foreach (var fact in Relevant(subject))
            state = After(fact, subject, state, secondRun: false);
        return state;
    }

    List<FileFact> Named(string name) => _byName.TryGetValue(name, out var named) ? named : [];

    /// <summary>In file order, the facts that can bear on the subject: about its name, its table's name, or a schema.</summary>
    IEnumerable<FileFact> Relevant(Subject subject)
    {
        var own = subject.Name is { } name ? Named(name.Last) : [];
        var table = subject.Table is { } t && t.Last != subject.Name?.Last ? Named(t.Last) : [];
        if (table.Count == 0 && _schemaDrops.Count == 0)
            return own;
        return own.Concat(table).Concat(_schemaDrops).Distinct(ReferenceEqualityComparer.Instance).Cast<FileFact>().OrderBy(f => f.At);
    }

    State After(FileFact fact, Subject subject, State state, bool secondRun)
    {
        var about = IsAbout(fact, subject);
        var container = !about && IsContainerOf(fact, subject);
        // A RENAME that succeeded the first time usually fails the second (WM111), and once guarded it does nothing
        // then: on the second run it settles nothing.
        if ((about || container) && fact.Renamed && secondRun)
            return State.Unknown;
        if (about)
            return fact.Creates ? State.Present : State.Absent;
        if (container)
        {
            if (!fact.Creates)
                return State.Absent;
            // The first run's table may have been new or not, with what the CREATE declares inside it: unknown. On the
            // second run a table created where none can be is new again, and one that may exist keeps what it has.
            if (!secondRun)
                return State.Unknown;
            var table = StateAt(new Subject(ContainerKinds, subject.Table, null, null, subject.SearchPath), fact.At);
            return table is State.Absent or State.Repeated ? State.Repeated : state;
        }
        return !fact.Creates && fact.Kind == "SCHEMA" && SchemaOf(subject) is { } schema && fact.Name.Last == schema ? State.Absent : state;
    }

    static bool IsAbout(FileFact fact, Subject subject)
    {
        if (subject.Name is not { } name || !subject.Kinds.Contains(fact.Kind))
            return false;
        if (PerTableKinds.Contains(fact.Kind))
        {
            return fact.Name.Last == name.Last && fact.Table is { } factTable && subject.Table is { } table
                && SameName(factTable, fact.SearchPath, table, subject.SearchPath);
        }
        return SameName(fact.Name, fact.SearchPath, name, subject.SearchPath)
            && (fact.Arguments is null || subject.Arguments is null || fact.Arguments == subject.Arguments);
    }

    static bool IsContainerOf(FileFact fact, Subject subject) =>
        subject.Table is { } table && ContainerKinds.Contains(fact.Kind) && SameName(fact.Name, fact.SearchPath, table, subject.SearchPath);

    /// <summary>The schema the object lives in, when the file makes it certain.</summary>
    static string? SchemaOf(Subject subject)
    {
        if (subject.Table is null && subject.Kinds.Any(GlobalKinds.Contains))
            return null;
        var name = subject.Table ?? subject.Name;
        return name is null ? null : name.Schema ?? (subject.SearchPath == 0 ? "public" : null);
    }

    /// <summary>
    /// True when two names, each read under its statement's search_path, certainly denote the same object: the same
    /// schema (unqualified is <c>public</c> under the default setting), or both unqualified under the same setting.
    /// </summary>
    static bool SameName(ObjectName a, int aPath, ObjectName b, int bPath)
    {
        if (a.Last != b.Last)
            return false;
        var aSchema = a.Schema ?? (aPath == 0 ? "public" : null);
        var bSchema = b.Schema ?? (bPath == 0 ? "public" : null);
        if (aSchema is not null && bSchema is not null)
            return aSchema == bSchema;
        return a.Schema is null && b.Schema is null && aPath == bPath;
    }

    void Add(LintStatement statement)
    {
        var at = statement.Position;
        var path = SearchPathAt(at);
        if (statement.Create is { Name: { } created } create && !create.IsTemporary)
        {
            var table = statement.CreatedOn;
            created = IndexName(create.Kind, created, table)!;
            AddCascadedDrop(statement, create.Kind, created, path);
            var arguments = create.Kind is "FUNCTION" or "PROCEDURE" ? RoutineArguments.Of(statement.Tokens, create.NameEnd) : null;
            _facts.Add(new FileFact(at, true, create.Kind, created, table, arguments, path));
        }
        if (statement.Drop is { } drop)
        {
            for (var i = 0; i < drop.Names.Count; i++)
            {
                var name = drop.Names[i];
                _facts.Add(new FileFact(at, false, drop.Kind, name, drop.Table, drop.Arguments[i], path));
                if (drop.Cascade)
                    _cascaded.Add((at, name.Last));
            }
        }
        if (statement.AlterTable is { } alter)
            AddActions(statement, alter, path);
        if (statement.Verb == "ALTER")
            AddRename(statement, path);
    }

    /// <summary>
    /// <c>DROP VIEW a CASCADE; CREATE MATERIALIZED VIEW b AS SELECT … FROM a</c>: on a second run the DROP also removes
    /// b, which the first run created from a, so b counts as dropped there (and so does what is built on b in turn).
    /// </summary>
    void AddCascadedDrop(LintStatement statement, string kind, ObjectName created, int path)
    {
        var tokens = statement.Tokens;
        var source = _cascaded.FirstOrDefault(c => Enumerable.Range(0, tokens.Count)
            .Any(i => tokens[i].IsIdentifier && ObjectName.Fold(tokens[i].Original) == c.Name && c.Name != created.Last));
        if (source.Name is null)
            return;
        _facts.Add(new FileFact(source.At, false, kind, created, null, null, path));
        _cascaded.Add((source.At, created.Last));
    }

    void AddActions(LintStatement statement, AlterTable alter, int path)
    {
        var tokens = statement.Tokens;
        for (var i = 0; i < alter.Actions.Count; i++)
        {
            var action = alter.Actions[i];
            var at = statement.PositionOf(i);
            var (creates, kind) = action.Kind switch
            {
                TableActionKind.AddColumn => (true, "COLUMN"),
                TableActionKind.DropColumn => (false, "COLUMN"),
                TableActionKind.AddConstraint => (true, "CONSTRAINT"),
                TableActionKind.DropConstraint => (false, "CONSTRAINT"),
                _ => (false, ""),
            };
            var name = action.Name;
            if (name is null && action.Kind == TableActionKind.AddConstraint)
            {
                // A constraint added without a name gets the name PostgreSQL would give it.
                var picked = ConstraintNames.Of(tokens, alter.Table, action);
                name = new ObjectName([picked], picked);
            }
            if (kind.Length > 0 && name is not null)
                _facts.Add(new FileFact(at, creates, kind, name, alter.Table, null, path));
            if (action.Kind == TableActionKind.AddConstraint && name is not null && NotNullColumn(tokens, action) is { } column)
                _notNullChecks.Add((at, alter.Table, path, name.Last, column, !tokens.ContainsPair("NOT", "VALID", action.DetailAt, action.End)));
            if (tokens.WordsAt(action.Start, "VALIDATE", "CONSTRAINT") && tokens.NameAt(action.Start + 2, out _) is { } validated)
                _validations.Add((at, alter.Table, path, validated.Last));
        }
    }

    /// <summary>The column of a <c>CHECK (column IS NOT NULL)</c> constraint, folded, or null for any other constraint.</summary>
    static string? NotNullColumn(StatementTokens tokens, TableAction action)
    {
        var open = action.DetailAt + 1;
        if (tokens.Word(action.DetailAt) != "CHECK" || open >= action.End || tokens[open].Kind != SqlTokenKind.OpenParenthesis)
            return null;
        var (from, to) = (open + 1, tokens.MatchingClose(open));
        while (from < to && tokens[from].Kind == SqlTokenKind.OpenParenthesis && tokens.MatchingClose(from) == to - 1)
            (from, to) = (from + 1, to - 1);
        return to - from == 4 && tokens[from].IsIdentifier && tokens.WordsAt(from + 1, "IS", "NOT", "NULL")
            ? ObjectName.Fold(tokens[from].Original)
            : null;
    }

    /// <summary>
    /// <c>ALTER kind name RENAME TO new</c>, <c>ALTER TABLE t RENAME [COLUMN] a TO b</c> and <c>RENAME CONSTRAINT a TO b</c>:
    /// the old name is gone and the new one exists, keeping what it had (a renamed table is not new).
    /// </summary>
    void AddRename(LintStatement statement, int path)
    {
        var tokens = statement.Tokens;
        var length = ObjectKinds.LengthAt(tokens, 1);
        if (length == 0)
            return;
        var kind = ObjectKinds.Name(tokens, 1, length);
        var i = 1 + length + (tokens.IfExistsAt(1 + length) ? 2 : 0);
        i += tokens.Word(i) == "ONLY" ? 1 : 0;
        if (tokens.NameAt(i, out var rename) is not { } name)
            return;
        var arguments = RoutineArguments.Of(tokens, rename);
        if (arguments is not null)
            rename = tokens.MatchingClose(rename) + 1;
        var table = tokens.Word(rename) == "ON" ? tokens.NameAt(rename + 1, out rename) : null;
        if (tokens.Word(rename) != "RENAME")
            return;
        var at = statement.Position;
        if (tokens.Word(rename + 1) == "TO" && tokens.NameAt(rename + 2, out _) is { } renamed)
        {
            var newName = name.Schema is { } schema ? new ObjectName([schema, renamed.Last], renamed.Written) : renamed;
            _facts.Add(new FileFact(at, false, kind, name, table, arguments, path, Renamed: true));
            _facts.Add(new FileFact(at, true, kind, newName, table, arguments, path, Renamed: true));
            return;
        }
        if (!ContainerKinds.Contains(kind))
            return;
        var child = tokens.Word(rename + 1) == "CONSTRAINT" ? "CONSTRAINT" : "COLUMN";
        var oldAt = rename + 1 + (tokens.Word(rename + 1) is "CONSTRAINT" or "COLUMN" ? 1 : 0);
        if (tokens.NameAt(oldAt, out var afterOld) is { } old && tokens.Word(afterOld) == "TO" && tokens.NameAt(afterOld + 1, out _) is { } renamedChild)
        {
            _facts.Add(new FileFact(at, false, child, old, name, null, path, Renamed: true));
            _facts.Add(new FileFact(at, true, child, renamedChild, name, null, path, Renamed: true));
        }
    }

    /// <summary>
    /// For each statement of the script, which search_path setting its unqualified names resolve through: 0 until a
    /// statement other than a CREATE, ALTER, COMMENT, GRANT or REVOKE mentions <c>search_path</c> (SET, set_config, a DO
    /// block…), a new number after each such statement, 0 again after <c>RESET search_path</c>, <c>RESET ALL</c>,
    /// <c>DISCARD ALL</c> or <c>SET search_path TO DEFAULT</c>.
    /// </summary>
    static int[] SearchPaths(SqlScript script)
    {
        var paths = new int[script.Statements.Count];
        var (current, changes) = (0, 0);
        foreach (var statement in script.Statements)
        {
            paths[statement.Index] = current;
            if (statement.IsEmpty || !statement.Text.Contains("search_path", StringComparison.OrdinalIgnoreCase)
                && !statement.Text.Contains("RESET", StringComparison.OrdinalIgnoreCase)
                && !statement.Text.Contains("DISCARD", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var tokens = StatementTokens.Of(statement.Text);
            if (ResetsSearchPath(tokens))
                current = 0;
            else if (tokens.Word(0) is not ("CREATE" or "ALTER" or "COMMENT" or "GRANT" or "REVOKE" or "RESET" or "DISCARD")
                && statement.Text.Contains("search_path", StringComparison.OrdinalIgnoreCase))
            {
                current = ++changes;
            }
        }
        return paths;
    }

    static bool ResetsSearchPath(StatementTokens tokens)
    {
        if (tokens.StartsWith("RESET", "SEARCH_PATH") || tokens.StartsWith("RESET", "ALL") || tokens.StartsWith("DISCARD", "ALL"))
            return true;
        var name = tokens.Word(1) is "SESSION" or "LOCAL" ? 2 : 1;
        return tokens.Word(0) == "SET" && tokens.Word(name) == "SEARCH_PATH" && name + 3 == tokens.Count
            && (tokens.Word(name + 1) == "TO" || tokens[name + 1].IsSymbol('=')) && tokens.Word(name + 2) == "DEFAULT";
    }
}
