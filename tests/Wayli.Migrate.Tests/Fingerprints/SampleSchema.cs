namespace Wayli.Migrate.Tests.Fingerprints;

/// <summary>A small schema with one object of most kinds a fingerprint covers, for the fingerprint tests.</summary>
internal static class SampleSchema
{
    /// <summary>The DDL (and one seed row), run as the superuser on an empty database.</summary>
    public const string Sql = """
        CREATE TYPE public.trip_kind AS ENUM ('walk', 'ride');
        CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0);
        CREATE TYPE public.point2 AS (x double precision, y double precision);
        CREATE TABLE public.trips (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            title text NOT NULL DEFAULT '',
            kind public.trip_kind NOT NULL DEFAULT 'walk',
            distance public.positive,
            created_at timestamptz NOT NULL DEFAULT '2025-01-01 00:00:00+00'
        );
        COMMENT ON TABLE public.trips IS 'One journey';
        CREATE TABLE public.stops (
            id serial PRIMARY KEY,
            trip_id bigint NOT NULL REFERENCES public.trips (id) ON DELETE CASCADE,
            at public.point2
        );
        CREATE INDEX stops_trip_id_idx ON public.stops (trip_id);
        CREATE VIEW public.trip_titles AS SELECT id, title FROM public.trips;
        CREATE MATERIALIZED VIEW public.trip_counts AS SELECT kind, count(*) AS n FROM public.trips GROUP BY kind;
        CREATE FUNCTION public.trip_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM public.trips $$;
        CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER trips_touch BEFORE UPDATE ON public.trips FOR EACH ROW EXECUTE FUNCTION public.touch();
        CREATE POLICY trips_read ON public.trips FOR SELECT TO authenticated USING (kind = 'walk');
        CREATE TABLE public.events (id int, at date NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE SCHEMA app;
        CREATE TABLE app.settings (key text PRIMARY KEY, value jsonb);
        GRANT USAGE ON SCHEMA app TO authenticated;
        CREATE PUBLICATION wayli_fingerprint FOR TABLE public.trips;
        CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
        CREATE EVENT TRIGGER wayli_fingerprint_ddl ON ddl_command_end EXECUTE FUNCTION public.on_ddl();
        INSERT INTO public.trips (title) VALUES ('first');
        INSERT INTO app.settings VALUES ('theme', '{"dark": true}');
        """;
}
