-- Creates the roles Supabase provides, as NOLOGIN roles, where they are missing, so that the grants and
-- policies that name them can be installed on a plain PostgreSQL.
DO $wayli$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = wanted) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', wanted);
            RAISE NOTICE 'wayli-migrate: created role % (NOLOGIN)', wanted;
        END IF;
    END LOOP;
END
$wayli$;
