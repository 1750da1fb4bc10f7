-- Creates the roles Supabase provides, as NOLOGIN roles, where they are missing, so that the grants and
-- policies that name them can be installed on a plain PostgreSQL. Roles belong to the whole cluster, so two
-- databases of one cluster may run this at the same moment: losing that race is not an error.
DO $wayli$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = wanted) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', wanted);
                RAISE NOTICE 'wayli-migrate: created role % (NOLOGIN)', wanted;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$wayli$;
