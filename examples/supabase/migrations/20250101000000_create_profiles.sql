-- Profiles: one row per user, readable by everyone signed in, writable by its owner.
CREATE TABLE IF NOT EXISTS public.profiles (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL UNIQUE,
    display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 80),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;

REVOKE ALL ON public.profiles FROM anon;
GRANT SELECT ON public.profiles TO authenticated;
GRANT ALL ON public.profiles TO service_role;

-- The current user's id, from the request's JWT claims as Supabase's API sets them.
CREATE OR REPLACE FUNCTION public.current_user_id()
RETURNS uuid
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
    SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid;
$$;

DROP POLICY IF EXISTS "profiles are readable when signed in" ON public.profiles;
CREATE POLICY "profiles are readable when signed in" ON public.profiles
    FOR SELECT TO authenticated USING (true);

DROP POLICY IF EXISTS "owners update their profile" ON public.profiles;
CREATE POLICY "owners update their profile" ON public.profiles
    FOR UPDATE TO authenticated
    USING (user_id = public.current_user_id())
    WITH CHECK (user_id = public.current_user_id());
