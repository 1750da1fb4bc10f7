-- Trips: a user's journeys, private to their owner.
CREATE TABLE IF NOT EXISTS public.trips (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     uuid NOT NULL,
    title       text NOT NULL,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    distance_m  double precision NOT NULL DEFAULT 0 CHECK (distance_m >= 0),
    CONSTRAINT trips_end_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
);

ALTER TABLE public.trips ENABLE ROW LEVEL SECURITY;

REVOKE ALL ON public.trips FROM anon;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.trips TO authenticated;
GRANT ALL ON public.trips TO service_role;

DROP POLICY IF EXISTS "owners manage their trips" ON public.trips;
CREATE POLICY "owners manage their trips" ON public.trips
    FOR ALL TO authenticated
    USING (user_id = public.current_user_id())
    WITH CHECK (user_id = public.current_user_id());

-- The list of a user's trips, newest first, is the app's main query.
CREATE INDEX IF NOT EXISTS trips_user_started_idx ON public.trips (user_id, started_at DESC);
