using System.Text.Json;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Diffs;

/// <summary>
/// Writes the SQL for one round of differences between a replay of the migrations (<c>before</c>) and the database they
/// should become (<c>after</c>), in the guarded forms <c>lint</c> asks for and in dependency order. A pure function of
/// the differences and both sides' <see cref="CatalogFacts"/>; what it cannot express it returns as refusals, never as
/// a guess. <see cref="Runs"/>' diff applies each round and writes again until nothing differs, then proves the file.
/// </summary>
internal static class ChangeWriter
{
    /// <summary>
    /// The phase of <c>ALTER TYPE … ADD VALUE</c>: PostgreSQL lets no statement use a new enum label before the transaction
    /// that added it commits, so these go in a migration of their own, before the rest.
    /// </summary>
    public const int EnumValues = 5;

    const int Schemas = 10, Extensions = 20, Types = 30, Sequences = 40, Tables = 50, KeysOfRetypedColumns = 55, Columns = 60, ConstraintDrops = 70, Constraints = 75,
        Indexes = 80, Views = 90, Functions = 100, Triggers = 110, Policies = 120, Flags = 130, Attributes = 140, PublicationTables = 150, Drops = 200;

    /// <summary>The steps and refusals of one round.</summary>
    public static (List<DiffStep> Steps, List<DiffRefusal> Refusals) Write(IReadOnlyList<DriftDifference> differences, CatalogFacts before,
        CatalogFacts after, bool allowDestructive)
    {
        var steps = new List<DiffStep>();
        var refusals = new List<DiffRefusal>();
        var created = differences.Where(d => d.Change == DriftChange.OnlyInDatabase && d.Kind is "table" or "view" or "materialized view")
            .Select(d => d.Identity).ToHashSet(StringComparer.Ordinal);
        var dropped = differences.Where(d => d.Change == DriftChange.MissingFromDatabase && d.Kind is "table" or "view" or "materialized view")
            .Select(d => d.Identity).ToHashSet(StringComparer.Ordinal);
        foreach (var difference in differences)
        {
            var context = new Context(difference, before.Find(difference.Kind, difference.Identity), after.Find(difference.Kind, difference.Identity),
                after, created, dropped, steps, refusals, before.ServerVersion);
            switch (difference.Change)
            {
                case DriftChange.OnlyInDatabase:
                    Create(context);
                    break;
                case DriftChange.MissingFromDatabase:
                    Drop(context, allowDestructive);
                    break;
                default:
                    Change(context, allowDestructive);
                    break;
            }
        }
        if (allowDestructive)
            RebuildForeignKeys(differences, before, after, steps);
        return ([.. steps.OrderBy(s => s.Phase).ThenBy(s => s.Position).ThenBy(s => s.Identity, StringComparer.Ordinal)], refusals);
    }

    /// <summary>
    /// A column whose type changes cannot keep a foreign key on it or to it (PostgreSQL checks the key against the new
    /// type at once): such keys are dropped before the type changes and added again after, as the database has them.
    /// </summary>
    static void RebuildForeignKeys(IReadOnlyList<DriftDifference> differences, CatalogFacts before, CatalogFacts after, List<DiffStep> steps)
    {
        var retyped = differences.Where(d => d.Kind == "column" && d.Change == DriftChange.Different
                && before.Find("column", d.Identity) is { } b && after.Find("column", d.Identity) is { } a && (!Same(a, b, "type") || !Same(a, b, "collation")))
            .Select(d => (Table: S(after.Find("column", d.Identity)!.Value, "table")!, Column: S(after.Find("column", d.Identity)!.Value, "name")!)).ToHashSet();
        if (retyped.Count == 0)
            return;
        foreach (var (identity, key) in before.All("constraint").Where(k => S(k.Facts, "type") == "f"))
        {
            var touches = Strings(key, "columns").Any(c => retyped.Contains((S(key, "table")!, c)))
                || Strings(key, "refColumns").Any(c => retyped.Contains((S(key, "refTable")!, c)));
            if (!touches)
                continue;
            steps.RemoveAll(s => s.Kind == "constraint" && s.Identity == identity);
            steps.Add(new DiffStep(KeysOfRetypedColumns, "constraint", identity, "change", $"ALTER TABLE {S(key, "table")} DROP CONSTRAINT IF EXISTS {S(key, "name")};"));
            if (after.Find("constraint", identity) is { } again)
                steps.Add(new DiffStep(ConstraintPhase(again), "constraint", identity, "change", AddConstraint(again)));
        }
    }

    sealed record Context(DriftDifference Difference, JsonElement? Before, JsonElement? After, CatalogFacts AfterFacts, HashSet<string> Created,
        HashSet<string> Dropped, List<DiffStep> Steps, List<DiffRefusal> Refusals, int ServerVersion)
    {
        public string Kind => Difference.Kind;
        public string Identity => Difference.Identity;
        public void Add(int phase, string action, string sql, int position = 0) => Steps.Add(new DiffStep(phase, Kind, Identity, action, sql, position));
        public void Refuse(string reason, bool destructive = false) => Refusals.Add(new DiffRefusal(Kind, Identity, reason, destructive));
    }

    static void Create(Context c)
    {
        if (c.Kind == "default privileges")
        {
            DefaultPrivileges(c);
            return;
        }
        if (c.Kind == "publication table")
        {
            var (publication, relation) = Split(c.Identity);
            c.Add(PublicationTables, "create", $"DO $wayli$ BEGIN ALTER PUBLICATION {publication} ADD TABLE {relation}; "
                + "EXCEPTION WHEN duplicate_object THEN NULL; END $wayli$;");
            return;
        }
        if (c.After is not { } a)
        {
            c.Refuse($"diff cannot write a {c.Kind} yet");
            return;
        }
        switch (c.Kind)
        {
            case "schema":
                c.Add(Schemas, "create", $"CREATE SCHEMA IF NOT EXISTS {S(a, "name")};");
                break;
            case "extension":
                c.Add(Extensions, "create", $"CREATE EXTENSION IF NOT EXISTS {S(a, "name")} WITH SCHEMA {S(a, "schema")};");
                break;
            case "type" when S(a, "typtype") == "e":
                c.Add(Types, "create", $"DO $wayli$ BEGIN CREATE TYPE {S(a, "name")} AS ENUM ({string.Join(", ", Strings(a, "labels").Select(Literal))}); "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $wayli$;");
                break;
            case "sequence" when B(a, "identity"):
                break; // made by its identity column
            case "sequence":
                c.Add(Sequences, "create", $"CREATE SEQUENCE IF NOT EXISTS {S(a, "name")} {SequenceOptions(a)};");
                break;
            case "table" when B(a, "plain"):
                var columns = Strings(a, "columns").Select(name => c.AfterFacts.Find("column", $"{c.Identity}.{name}")).OfType<JsonElement>().Select(ColumnDefinition);
                c.Add(Tables, "create", $"CREATE TABLE IF NOT EXISTS {c.Identity} (\n    {string.Join(",\n    ", columns)}\n);");
                break;
            case "view":
                c.Add(Views, "create", $"CREATE OR REPLACE VIEW {c.Identity} AS\n{S(a, "query")};");
                break;
            case "materialized view":
                c.Add(Views, "create", $"CREATE MATERIALIZED VIEW IF NOT EXISTS {c.Identity} AS\n{S(a, "query")};");
                break;
            case "column" when c.Created.Contains(S(a, "table")!) || S(a, "relkind") is not ("r" or "p"):
                break; // in its table's CREATE TABLE, or its view's query
            case "column":
                var table = S(a, "table")!;
                var position = c.AfterFacts.Find(TableKind(c.AfterFacts, table), table) is { } t ? Strings(t, "columns").IndexOf(S(a, "name")!) : 0;
                var add = $"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {ColumnDefinition(a)};";
                if (B(a, "notNull") && S(a, "default") is null && S(a, "identity") is null && S(a, "generated") is null)
                {
                    // The database has it so; lint rightly says it fails on a table with rows. The reviewer decides.
                    const string Review = "NOT NULL without a default: give the table's existing rows a value first where it has any";
                    c.Steps.Add(new DiffStep(Columns, c.Kind, c.Identity, "create", $"-- lint:ignore WM202 {Review}\n{add}", position, Review));
                }
                else
                {
                    c.Add(Columns, "create", add, position);
                }
                break;
            case "constraint":
                c.Add(ConstraintPhase(a), "create", AddConstraint(a));
                break;
            case "index" when B(a, "constraint"):
                break; // made by its constraint
            case "index":
                c.Add(Indexes, "create", IndexIfNotExists(S(a, "def")!) + ";");
                break;
            case "function" or "procedure":
                c.Add(Functions, "create", S(a, "def")!.TrimEnd() + ";");
                break;
            case "trigger" when !B(a, "constraint"):
                c.Add(Triggers, "create", OrReplaceTrigger(S(a, "def")!) + ";");
                break;
            case "policy":
                c.Add(Policies, "create", $"DROP POLICY IF EXISTS {S(a, "name")} ON {S(a, "table")};\n{CreatePolicy(a)}");
                break;
            default:
                c.Refuse($"diff cannot create a {c.Kind} yet" + (c.Kind == "table" ? " that is partitioned, inherits, is unlogged or has storage options" : ""));
                break;
        }
    }

    static void Drop(Context c, bool allowDestructive)
    {
        if (c.Kind == "default privileges")
        {
            DefaultPrivileges(c);
            return;
        }
        if (c.Kind == "publication table")
        {
            var (publication, relation) = Split(c.Identity);
            c.Add(PublicationTables, "drop", $"DO $wayli$ BEGIN ALTER PUBLICATION {publication} DROP TABLE {relation}; "
                + "EXCEPTION WHEN undefined_object THEN NULL; END $wayli$;");
            return;
        }
        if (c.Before is not { } b)
        {
            c.Refuse($"diff cannot drop a {c.Kind} yet");
            return;
        }
        var table = S(b, "table");
        if (table is not null && c.Dropped.Contains(table))
            return; // goes with its table or view
        switch (c.Kind)
        {
            case "policy":
                c.Add(Drops, "drop", $"DROP POLICY IF EXISTS {S(b, "name")} ON {table};");
                break;
            case "trigger":
                c.Add(Drops + 1, "drop", $"DROP TRIGGER IF EXISTS {S(b, "name")} ON {table};");
                break;
            case "view":
                c.Add(Drops + 2, "drop", $"DROP VIEW IF EXISTS {c.Identity};");
                break;
            case "materialized view":
                c.Add(Drops + 2, "drop", $"DROP MATERIALIZED VIEW IF EXISTS {c.Identity};");
                break;
            case "function" or "procedure":
                c.Add(Drops + 9, "drop", $"DROP {c.Kind.ToUpperInvariant()} IF EXISTS {c.Identity};");
                break;
            case "index" when B(b, "constraint"):
                break; // goes with its constraint
            case "index":
                c.Add(Drops + 4, "drop", $"DROP INDEX IF EXISTS {S(b, "name")};");
                break;
            case "constraint":
                c.Add(S(b, "type") == "f" ? Drops + 5 : Drops + 6, "drop", $"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {S(b, "name")};");
                break;
            case "column" when S(b, "relkind") is not ("r" or "p"):
                break; // its view's query changes
            case "column":
                Destructive(c, allowDestructive, Drops + 7, $"ALTER TABLE {table} DROP COLUMN IF EXISTS {S(b, "name")};", "drops the column and its data");
                break;
            case "table":
                Destructive(c, allowDestructive, Drops + 8, $"DROP TABLE IF EXISTS {c.Identity};", "drops the table and its rows");
                break;
            case "sequence" when B(b, "identity"):
                break; // goes with its identity column
            case "sequence":
                Destructive(c, allowDestructive, Drops + 10, $"DROP SEQUENCE IF EXISTS {c.Identity};", "drops the sequence and its value");
                break;
            case "type":
                c.Add(Drops + 11, "drop", $"DROP TYPE IF EXISTS {c.Identity};");
                break;
            case "extension":
                Destructive(c, allowDestructive, Drops + 12, $"DROP EXTENSION IF EXISTS {c.Identity};", "drops the extension and what it holds");
                break;
            case "schema":
                Destructive(c, allowDestructive, Drops + 13, $"DROP SCHEMA IF EXISTS {c.Identity};", "drops the schema");
                break;
            default:
                c.Refuse($"diff cannot drop a {c.Kind} yet");
                break;
        }
    }

    static void Change(Context c, bool allowDestructive)
    {
        if (c.Kind == "default privileges")
        {
            DefaultPrivileges(c);
            return;
        }
        // Without facts (a publication's table, default privileges) nothing is written here: a difference that follows
        // from another change (a new column in a publication's column list) is gone after it, the rest is refused then.
        if (c.Before is not { } b || c.After is not { } a)
            return;
        switch (c.Kind)
        {
            case "extension" when S(a, "version") != S(b, "version"):
                c.Refuse($"the extension's version differs ({S(b, "version")} → {S(a, "version")}): update it with ALTER EXTENSION … UPDATE by hand");
                return;
            case "extension" when S(a, "schema") != S(b, "schema"):
                c.Add(Attributes, "change", $"ALTER EXTENSION {S(a, "name")} SET SCHEMA {S(a, "schema")};");
                break;
            case "type" when S(a, "typtype") == "e" && !Same(a, b, "labels"):
                ChangeEnum(c, Strings(b, "labels"), Strings(a, "labels"), S(a, "name")!);
                break;
            case "sequence" when !B(a, "identity"):
                if (!Same(a, b, "sequence"))
                    c.Add(Sequences, "change", $"ALTER SEQUENCE {c.Identity} {SequenceOptions(a)};");
                if (!Same(a, b, "ownedBy"))
                    c.Add(Attributes, "change", $"ALTER SEQUENCE {c.Identity} OWNED BY {S(a, "ownedBy") ?? "NONE"};");
                break;
            case "table" or "partitioned table":
                ChangeTable(c, b, a, allowDestructive);
                break;
            case "view" when !Same(a, b, "query"):
                c.Add(Views, "change", $"CREATE OR REPLACE VIEW {c.Identity} AS\n{S(a, "query")};");
                break;
            case "materialized view" when !Same(a, b, "query"):
                c.Add(Views, "change", $"DROP MATERIALIZED VIEW IF EXISTS {c.Identity};\nCREATE MATERIALIZED VIEW IF NOT EXISTS {c.Identity} AS\n{S(a, "query")};");
                return; // its privileges and comment are compared again after it is made
            case "column" when S(a, "relkind") is "r" or "p":
                ChangeColumn(c, b, a, allowDestructive);
                break;
            case "column":
                break; // a view's column changes with its query
            case "constraint" when !Same(a, b, "def"):
                c.Add(ConstraintDrops, "change", $"ALTER TABLE {S(a, "table")} DROP CONSTRAINT IF EXISTS {S(a, "name")};");
                c.Add(ConstraintPhase(a), "change", AddConstraint(a));
                break;
            case "index" when !Same(a, b, "def") && !B(a, "constraint"):
                c.Add(Indexes, "change", $"DROP INDEX IF EXISTS {S(a, "name")};\n{IndexIfNotExists(S(a, "def")!)};");
                break;
            case "function" or "procedure" when !Same(a, b, "def"):
                c.Add(Functions, "change", S(a, "def")!.TrimEnd() + ";");
                break;
            case "trigger" when !Same(a, b, "def") && !B(a, "constraint"):
                c.Add(Triggers, "change", OrReplaceTrigger(S(a, "def")!) + ";");
                break;
            case "trigger" when !Same(a, b, "enabled"):
                c.Add(Triggers, "change", $"ALTER TABLE {S(a, "table")} {TriggerState(S(a, "enabled")!)} TRIGGER {S(a, "name")};");
                break;
            case "policy" when !Same(a, b, "permissive") || !Same(a, b, "cmd") || !Same(a, b, "roles") || !Same(a, b, "using") || !Same(a, b, "check"):
                c.Add(Policies, "change", $"DROP POLICY IF EXISTS {S(a, "name")} ON {S(a, "table")};\n{CreatePolicy(a)}");
                break;
            default:
                break;
        }
        // What no step here expresses is found again in the next round, and refused when a round changes nothing.
        ChangeAttributes(c, b, a);
    }

    /// <summary>
    /// Default privileges in one schema (<c>for ROLE in SCHEMA on TABLES</c>, the fingerprint's identity; its definition
    /// the ACL entries): PostgreSQL keeps only what they add to the built-in ones there, so no row is an empty ACL. Those
    /// for every schema replace the built-in ones, which differ between versions: refused.
    /// </summary>
    static void DefaultPrivileges(Context c)
    {
        var words = c.Identity.Split(' ');
        if (words is not ["for", var role, "in", var schema, "on", var objects])
        {
            c.Refuse("default privileges for every schema replace PostgreSQL's built-in ones: set them by hand (ALTER DEFAULT PRIVILEGES …)");
            return;
        }
        static IEnumerable<string> Acl(string? definition) => (definition ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var statements = Privileges.Change(Acl(c.Difference.Expected), Acl(c.Difference.Actual), objects.ToUpperInvariant())
            .Select(statement => $"ALTER DEFAULT PRIVILEGES FOR ROLE {role} IN SCHEMA {schema} {statement}").ToList();
        if (statements.Count > 0)
            c.Add(Attributes + 2, c.Difference.Change switch { DriftChange.OnlyInDatabase => "create", DriftChange.MissingFromDatabase => "drop", _ => "change" },
                string.Join('\n', statements));
    }

    static void ChangeTable(Context c, JsonElement b, JsonElement a, bool allowDestructive)
    {
        if (!Same(a, b, "rls"))
            c.Add(Flags, "change", $"ALTER TABLE {c.Identity} {(B(a, "rls") ? "ENABLE" : "DISABLE")} ROW LEVEL SECURITY;");
        if (!Same(a, b, "force"))
            c.Add(Flags, "change", $"ALTER TABLE {c.Identity} {(B(a, "force") ? "FORCE" : "NO FORCE")} ROW LEVEL SECURITY;");
        if (!Same(a, b, "replica"))
        {
            if (S(a, "replica") == "index")
                c.Refuse("its replica identity is an index: set it by hand (ALTER TABLE … REPLICA IDENTITY USING INDEX …)");
            else
                c.Add(Flags, "change", $"ALTER TABLE {c.Identity} REPLICA IDENTITY {S(a, "replica")};");
        }
        var (was, now) = (Strings(b, "columns"), Strings(a, "columns"));
        if (was.SequenceEqual(now) || !was.Order(StringComparer.Ordinal).SequenceEqual(now.Order(StringComparer.Ordinal)))
            return;
        // Only a new table has other columns in another order. What depended on it is made again in the next rounds.
        if (!allowDestructive || !B(a, "plain"))
        {
            c.Refuse("its columns are in another order, which only dropping and creating the table again (losing its rows) can give", destructive: B(a, "plain"));
            return;
        }
        var columns = now.Select(name => c.AfterFacts.Find("column", $"{c.Identity}.{name}")).OfType<JsonElement>().Select(ColumnDefinition);
        c.Add(Tables, "change", $"DROP TABLE IF EXISTS {c.Identity} CASCADE;\nCREATE TABLE IF NOT EXISTS {c.Identity} (\n    {string.Join(",\n    ", columns)}\n);");
    }

    static void ChangeColumn(Context c, JsonElement b, JsonElement a, bool allowDestructive)
    {
        var table = S(a, "table");
        var name = S(a, "name");
        var alter = $"ALTER TABLE {table} ALTER COLUMN {name}";
        if (!Same(a, b, "generated"))
        {
            switch ((S(b, "generated"), S(a, "generated")))
            {
                case ({ }, null):
                    c.Add(Columns, "change", $"{alter} DROP EXPRESSION IF EXISTS;");
                    break;
                case ({ }, { } expression) when c.ServerVersion >= 170000:
                    c.Add(Columns, "change", $"{alter} SET EXPRESSION AS ({expression});");
                    break;
                case ({ }, _):
                    c.Refuse("its generated expression changed, which PostgreSQL before 17 cannot do in place: drop and add the column by hand");
                    return;
                default:
                    c.Refuse("a plain column became a generated one, which PostgreSQL cannot do in place: drop and add the column by hand");
                    return;
            }
        }
        if (!Same(a, b, "type") || !Same(a, b, "collation"))
        {
            var type = S(a, "type") + (S(a, "collation") is { } collation ? $" COLLATE {collation}" : "");
            Destructive(c, allowDestructive, Columns, $"{alter} TYPE {type} USING {name}::{S(a, "type")};", $"changes its type from {S(b, "type")} to {S(a, "type")}, which may not keep every value");
        }
        // NOT NULL comes before an identity is added, and goes after one is dropped (an identity column must be NOT NULL).
        var notNull = !Same(a, b, "notNull");
        if (notNull && B(a, "notNull"))
            c.Add(Columns, "change", $"{alter} SET NOT NULL;");
        if (!Same(a, b, "identity"))
        {
            c.Add(Columns, "change", (S(b, "identity"), S(a, "identity")) switch
            {
                (null, var to) => $"DO $wayli$ BEGIN\n    IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = {Literal(table!)}::pg_catalog.regclass "
                    + $"AND attname = {Literal(Unquote(name!))} AND attidentity <> '') THEN\n        {alter} ADD GENERATED {to} AS IDENTITY;\n    END IF;\nEND $wayli$;",
                (_, null) => $"{alter} DROP IDENTITY IF EXISTS;",
                (_, var to) => $"{alter} SET GENERATED {to};",
            });
        }
        if (!Same(a, b, "default"))
            c.Add(Columns, "change", S(a, "default") is { } value ? $"{alter} SET DEFAULT {value};" : $"{alter} DROP DEFAULT;");
        if (notNull && !B(a, "notNull"))
            c.Add(Columns, "change", $"{alter} DROP NOT NULL;");
    }

    static void ChangeEnum(Context c, List<string> was, List<string> now, string name)
    {
        // Labels can be added, in place; never removed or reordered.
        if (was.Except(now, StringComparer.Ordinal).Any() || !now.Where(was.Contains).SequenceEqual(was))
        {
            c.Refuse("labels were removed or reordered, which PostgreSQL cannot do to an enum in place");
            return;
        }
        for (var i = 0; i < now.Count; i++)
        {
            if (was.Contains(now[i]))
                continue;
            var place = i + 1 < now.Count && was.Contains(now[i + 1]) ? $" BEFORE {Literal(now[i + 1])}" : i > 0 ? $" AFTER {Literal(now[i - 1])}" : "";
            c.Add(EnumValues, "change", $"ALTER TYPE {name} ADD VALUE IF NOT EXISTS {Literal(now[i])}{place};", i);
        }
    }

    /// <summary>Owner, privileges and comment, for the kinds that have them.</summary>
    static void ChangeAttributes(Context c, JsonElement b, JsonElement a)
    {
        var (commentOn, grantOn, ownerOf) = Targets(c.Kind, c.Identity, a);
        if (commentOn is not null && !Same(a, b, "comment"))
            c.Add(Attributes, "change", $"COMMENT ON {commentOn} IS {(S(a, "comment") is { } text ? Literal(text) : "NULL")};");
        if (ownerOf is not null && !Same(a, b, "owner"))
        {
            c.Add(Attributes, "change", $"ALTER {ownerOf} OWNER TO {S(a, "owner")};");
            return; // the owner's privileges move with it: compared again after
        }
        if (grantOn is not null && !Same(a, b, "acl"))
        {
            var columns = c.Kind == "column" ? S(a, "name") : null;
            var statements = Privileges.Change(Strings(b, "acl"), Strings(a, "acl"), grantOn, columns).ToList();
            if (statements.Count > 0)
                c.Add(Attributes + 1, "change", string.Join('\n', statements));
        }
    }

    static (string? CommentOn, string? GrantOn, string? OwnerOf) Targets(string kind, string identity, JsonElement a) => kind switch
    {
        "schema" => ($"SCHEMA {identity}", $"SCHEMA {identity}", $"SCHEMA {identity}"),
        "table" or "partitioned table" => ($"TABLE {identity}", $"TABLE {identity}", $"TABLE {identity}"),
        "view" => ($"VIEW {identity}", $"TABLE {identity}", $"VIEW {identity}"),
        "materialized view" => ($"MATERIALIZED VIEW {identity}", $"TABLE {identity}", $"MATERIALIZED VIEW {identity}"),
        "sequence" => ($"SEQUENCE {identity}", $"SEQUENCE {identity}", $"SEQUENCE {identity}"),
        "column" => ($"COLUMN {identity}", $"TABLE {S(a, "table")}", null),
        "constraint" => ($"CONSTRAINT {S(a, "name")} ON {S(a, "table")}", null, null),
        "index" => ($"INDEX {S(a, "name")}", null, null),
        "trigger" => ($"TRIGGER {S(a, "name")} ON {S(a, "table")}", null, null),
        "policy" => ($"POLICY {S(a, "name")} ON {S(a, "table")}", null, null),
        "function" => ($"FUNCTION {identity}", $"FUNCTION {identity}", $"FUNCTION {identity}"),
        "procedure" => ($"PROCEDURE {identity}", $"PROCEDURE {identity}", $"PROCEDURE {identity}"),
        "type" => ($"TYPE {identity}", $"TYPE {identity}", $"TYPE {identity}"),
        "extension" => ($"EXTENSION {identity}", null, null),
        _ => (null, null, null),
    };

    static void Destructive(Context c, bool allowDestructive, int phase, string sql, string what)
    {
        if (allowDestructive)
            c.Add(phase, c.Difference.Change == DriftChange.MissingFromDatabase ? "drop" : "change", sql);
        else
            c.Refuse($"{what}: pass --allow-destructive to write it", destructive: true);
    }

    static string ColumnDefinition(JsonElement c)
    {
        var text = $"{S(c, "name")} {S(c, "type")}";
        if (S(c, "collation") is { } collation)
            text += $" COLLATE {collation}";
        if (S(c, "identity") is { } identity)
            text += $" GENERATED {identity} AS IDENTITY";
        else if (S(c, "generated") is { } generated)
            text += $" GENERATED ALWAYS AS ({generated}) STORED";
        else if (S(c, "default") is { } value)
            text += $" DEFAULT {value}";
        return B(c, "notNull") ? text + " NOT NULL" : text;
    }

    static string SequenceOptions(JsonElement a)
    {
        var s = a.GetProperty("sequence");
        return $"AS {S(s, "type")} INCREMENT BY {N(s, "increment")} MINVALUE {N(s, "min")} MAXVALUE {N(s, "max")} START WITH {N(s, "start")} "
            + $"CACHE {N(s, "cache")}{(B(s, "cycle") ? " CYCLE" : " NO CYCLE")}";
    }

    static string AddConstraint(JsonElement a) =>
        $"DO $wayli$ BEGIN\n    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = {Literal(S(a, "table")!)}::pg_catalog.regclass AND conname = {Literal(Unquote(S(a, "name")!))}) THEN\n"
        + $"        ALTER TABLE {S(a, "table")} ADD CONSTRAINT {S(a, "name")} {S(a, "def")};\n    END IF;\nEND $wayli$;";

    static int ConstraintPhase(JsonElement a) => Constraints + S(a, "type") switch { "p" or "u" or "x" => 0, "c" or "n" => 1, "f" => 2, _ => 3 };

    static string CreatePolicy(JsonElement a)
    {
        var text = $"CREATE POLICY {S(a, "name")} ON {S(a, "table")} AS {(B(a, "permissive") ? "PERMISSIVE" : "RESTRICTIVE")} FOR {S(a, "cmd")} "
            + $"TO {string.Join(", ", Strings(a, "roles"))}";
        if (S(a, "using") is { } qual)
            text += $"\n    USING ({qual})";
        if (S(a, "check") is { } check)
            text += $"\n    WITH CHECK ({check})";
        return text + ";";
    }

    static string IndexIfNotExists(string definition)
    {
        var at = definition.IndexOf(" INDEX ", StringComparison.Ordinal);
        return definition[..(at + 7)] + "IF NOT EXISTS " + definition[(at + 7)..];
    }

    static string OrReplaceTrigger(string definition) =>
        definition.StartsWith("CREATE TRIGGER ", StringComparison.Ordinal) ? "CREATE OR REPLACE TRIGGER " + definition["CREATE TRIGGER ".Length..] : definition;

    static string TriggerState(string enabled) => enabled switch { "D" => "DISABLE", "R" => "ENABLE REPLICA", "A" => "ENABLE ALWAYS", _ => "ENABLE" };

    static string TableKind(CatalogFacts facts, string table) => facts.Find("table", table) is not null ? "table" : "partitioned table";

    static (string Publication, string Relation) Split(string identity)
    {
        var space = identity.IndexOf(' ', StringComparison.Ordinal);
        return (identity[..space], identity[(space + 1)..]);
    }

    static string Unquote(string name) =>
        name.Length > 1 && name[0] == '"' && name[^1] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;

    /// <summary>A SQL string literal (standard_conforming_strings, the default since PostgreSQL 9.1).</summary>
    static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    static string? S(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    static string N(JsonElement e, string name) => e.GetProperty(name).GetRawText();

    static bool B(JsonElement e, string name) => e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    static List<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [];

    static bool Same(JsonElement a, JsonElement b, string name) =>
        (a.TryGetProperty(name, out var x) ? x.GetRawText() : "null") == (b.TryGetProperty(name, out var y) ? y.GetRawText() : "null");
}
