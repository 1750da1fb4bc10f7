using System.Text.Json;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Verification;

/// <summary>
/// A table with rows, then one pending migration per known case of <c>plan --rehearse</c> (each in its own file, so
/// each has its own transaction and its own locks), and how to read the rehearsal's JSON.
/// </summary>
internal static class RehearsalSet
{
    public const string Base = """
        CREATE TABLE IF NOT EXISTS public.trips (id int PRIMARY KEY, title varchar(10), n int);
        CREATE TABLE IF NOT EXISTS public.stops (id int PRIMARY KEY, trip_id int);
        INSERT INTO public.trips SELECT g, 'trip', g FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING;
        INSERT INTO public.stops SELECT g, g FROM generate_series(1, 200) g ON CONFLICT DO NOTHING;

        """;

    /// <summary>Each known case: its file's description and its SQL.</summary>
    public static readonly (string Name, string Sql)[] Cases =
    [
        ("add_column_constant_default", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS c0 int DEFAULT 0;"),
        ("add_column_volatile_default", "ALTER TABLE public.trips ADD COLUMN IF NOT EXISTS c1 double precision DEFAULT random();"),
        ("int_to_bigint", "ALTER TABLE public.trips ALTER COLUMN n TYPE bigint;"),
        ("widen_varchar", "ALTER TABLE public.trips ALTER COLUMN title TYPE varchar(20);"),
        ("set_not_null", "ALTER TABLE public.trips ALTER COLUMN title SET NOT NULL;"),
        ("check_not_valid", "ALTER TABLE public.trips ADD CONSTRAINT trips_n_positive CHECK (n > 0) NOT VALID;"),
        ("validate_check", "ALTER TABLE public.trips VALIDATE CONSTRAINT trips_n_positive;"),
        ("create_index", "CREATE INDEX IF NOT EXISTS trips_title_idx ON public.trips (title);"),
        ("create_index_concurrently", "CREATE INDEX CONCURRENTLY IF NOT EXISTS trips_n_idx ON public.trips (n);"),
        ("add_foreign_key", "ALTER TABLE public.stops ADD CONSTRAINT stops_trip_fk FOREIGN KEY (trip_id) REFERENCES public.trips (id);"),
        ("function_only", "CREATE OR REPLACE FUNCTION public.trip_count() RETURNS bigint LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN (SELECT count(*) FROM public.trips); END $$;"),
        ("sql_function", "CREATE OR REPLACE FUNCTION public.stop_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM public.stops $$;"),
        ("new_table_and_its_index", "CREATE TABLE IF NOT EXISTS public.fresh (id int);\nCREATE INDEX IF NOT EXISTS fresh_idx ON public.fresh (id);"),
    ];

    /// <summary>The base file alone (to migrate the target), and a folder with it and every case.</summary>
    public static (MigrationFolder Applied, MigrationFolder Pending) Folders()
    {
        var applied = new MigrationFolder();
        applied.Write("20250101000000_base.sql", Base);
        var pending = new MigrationFolder();
        pending.Write("20250101000000_base.sql", Base);
        for (var i = 0; i < Cases.Length; i++)
            pending.Write($"202502010000{i:00}_{Cases[i].Name}.sql", Cases[i].Sql + "\n");
        return (applied, pending);
    }

    /// <summary>One migration of a rehearsal's JSON, found by the case name in its file name.</summary>
    public static JsonElement Migration(JsonElement root, string name) =>
        root.GetProperty("migrations").EnumerateArray().Single(m => m.GetProperty("file").GetString()!.EndsWith($"_{name}.sql", StringComparison.Ordinal));

    /// <summary>The one statement a case's migration has.</summary>
    public static JsonElement Statement(JsonElement root, string name) => Migration(root, name).GetProperty("statements").EnumerateArray().Single();

    /// <summary>Each lock of a statement as "Mode on relation".</summary>
    public static List<string> Locks(JsonElement statement) =>
        [.. statement.GetProperty("locks").EnumerateArray().Select(l => $"{l.GetProperty("mode").GetString()} on {l.GetProperty("relation").GetString()}")];

    /// <summary>A list of strings of a statement, such as <c>rewritten</c> or <c>scanned</c>.</summary>
    public static List<string> Strings(JsonElement statement, string property) =>
        [.. statement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
