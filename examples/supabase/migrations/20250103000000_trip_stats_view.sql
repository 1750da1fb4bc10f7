-- Per-user totals, computed with the caller's rights so RLS on trips still applies.
CREATE OR REPLACE VIEW public.trip_stats
WITH (security_invoker = true) AS
SELECT user_id,
       count(*)                 AS trip_count,
       coalesce(sum(distance_m), 0) AS total_distance_m,
       max(started_at)          AS last_trip_at
FROM public.trips
GROUP BY user_id;

GRANT SELECT ON public.trip_stats TO authenticated;
