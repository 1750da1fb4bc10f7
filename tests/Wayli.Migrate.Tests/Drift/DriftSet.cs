using System.Text.Json;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Drift;

/// <summary>A small migration set with an object of each kind drift compares, and how to read drift's JSON.</summary>
internal static class DriftSet
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS public.trips (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL DEFAULT '', note text);
        CREATE TABLE IF NOT EXISTS public.stops (id serial PRIMARY KEY, trip_id bigint REFERENCES public.trips (id), at text);
        CREATE INDEX IF NOT EXISTS stops_trip_id_idx ON public.stops (trip_id);
        ALTER TABLE public.trips ENABLE ROW LEVEL SECURITY;
        DROP POLICY IF EXISTS trips_read ON public.trips;
        CREATE POLICY trips_read ON public.trips FOR SELECT TO authenticated USING (true);
        GRANT SELECT ON public.trips TO authenticated;
        COMMENT ON TABLE public.trips IS 'One journey';
        CREATE SCHEMA IF NOT EXISTS app;
        CREATE TABLE IF NOT EXISTS app.settings (key text PRIMARY KEY, value text);

        """;

    public const string Functions = """
        CREATE OR REPLACE FUNCTION public.trip_count() RETURNS bigint LANGUAGE plpgsql STABLE AS $$
        BEGIN
            RETURN (SELECT count(*) FROM public.trips);
        END
        $$;
        DO $$ BEGIN CREATE TYPE public.mood AS ENUM ('ok', 'good'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
        CREATE OR REPLACE VIEW public.trip_titles AS SELECT id, title FROM public.trips;
        DO $$ BEGIN CREATE PUBLICATION trips_pub FOR TABLE public.trips; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

        """;

    /// <summary>A folder with the set's two files.</summary>
    public static MigrationFolder Folder()
    {
        var folder = new MigrationFolder();
        folder.Write("20250101000000_schema.sql", Schema);
        folder.Write("20250102000000_functions.sql", Functions);
        return folder;
    }

    /// <summary>Each difference of a drift --json document as (change, kind, identity, group).</summary>
    public static List<(string Change, string Kind, string Identity, string Group)> Differences(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("differences").EnumerateArray().Select(d => (
            d.GetProperty("change").GetString()!, d.GetProperty("kind").GetString()!, d.GetProperty("identity").GetString()!,
            d.GetProperty("group").GetString()!))];
    }
}
