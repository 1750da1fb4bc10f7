-- Wayli Migrate infrastructure: the migration history table, its row-level security, and public.exec_sql.
-- Safe to run any number of times: each step checks before it acts, so a second run changes nothing.
-- On a PostgreSQL without Supabase's roles (anon, authenticated, service_role) the steps that name a
-- missing role are skipped with a NOTICE instead of failing.

CREATE SCHEMA IF NOT EXISTS "{{schema}}";

CREATE TABLE IF NOT EXISTS {{table}} (
    version           text        PRIMARY KEY,
    name              text        NOT NULL,
    checksum          varchar(64) NOT NULL,
    applied_at        timestamptz NOT NULL DEFAULT now(),
    execution_time_ms integer,
    error_message     text,
    success           boolean     NOT NULL DEFAULT true,
    installed_by      text        DEFAULT session_user,
    tool_version      text,
    recorded_by       text,
    statement_checksum text,
    reverted          boolean     NOT NULL DEFAULT false,
    reverted_at       timestamptz,
    reverted_by       text
);

-- A table written by the original TypeScript service lacks these columns and stores 32-character MD5
-- checksums; upgrade it in place, keeping its rows.
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS success boolean NOT NULL DEFAULT true;
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS installed_by text DEFAULT session_user;
-- The audit trail: which version of the tool wrote a row, and which command (migrate, baseline, repair, adopt).
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS tool_version text;
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS recorded_by text;
-- The checksum of the file's statements without comments and layout, named by its algorithm ('tokens-v1:…'), so a
-- comment added to an applied file is not drift. Rows written before it have none and are compared by checksum alone.
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS statement_checksum text;
-- The audit of a revert by `down`: the row stays, saying the migration is reverted (so migrate applies it again),
-- when, and by which database user. Applying it again clears `reverted` and keeps when and by whom it was reverted.
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS reverted boolean NOT NULL DEFAULT false;
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS reverted_at timestamptz;
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS reverted_by text;
DO $wayli$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_attribute
               WHERE attrelid = '{{table}}'::regclass AND attname = 'checksum'
                 AND atttypmod BETWEEN 0 AND 64 + 4 - 1) THEN
        ALTER TABLE {{table}} ALTER COLUMN checksum TYPE varchar(64);
    END IF;
    -- The original service's version VARCHAR(20) cannot hold every version a file name may have.
    IF EXISTS (SELECT 1 FROM pg_attribute
               WHERE attrelid = '{{table}}'::regclass AND attname = 'version' AND atttypmod >= 0) THEN
        ALTER TABLE {{table}} ALTER COLUMN version TYPE text;
    END IF;
END
$wayli$;

-- Only service_role may read or write the history: RLS on, one policy for service_role, no rights for others.
ALTER TABLE {{table}} ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON TABLE {{table}} FROM PUBLIC;

CREATE OR REPLACE FUNCTION public.exec_sql(sql text)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $wayli$
BEGIN
    EXECUTE sql;
END
$wayli$;

REVOKE ALL ON FUNCTION public.exec_sql(text) FROM PUBLIC;

DO $wayli$
DECLARE
    untrusted text;
BEGIN
    FOREACH untrusted IN ARRAY ARRAY['anon', 'authenticated'] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = untrusted) THEN
            EXECUTE format('REVOKE ALL ON TABLE {{table}} FROM %I', untrusted);
            EXECUTE format('REVOKE ALL ON FUNCTION public.exec_sql(text) FROM %I', untrusted);
        ELSE
            RAISE NOTICE 'wayli-migrate: role % does not exist; nothing to revoke from it', untrusted;
        END IF;
    END LOOP;

    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {{table}} TO service_role;
        GRANT EXECUTE ON FUNCTION public.exec_sql(text) TO service_role;
        IF NOT EXISTS (SELECT 1 FROM pg_policy
                       WHERE polrelid = '{{table}}'::regclass AND polname = 'wayli_migrate_service_role_only') THEN
            CREATE POLICY wayli_migrate_service_role_only ON {{table}}
                AS PERMISSIVE FOR ALL TO service_role USING (true) WITH CHECK (true);
        END IF;
    ELSE
        RAISE NOTICE 'wayli-migrate: role service_role does not exist; its grants and policy are skipped (only the owner and superusers can use the history table and exec_sql)';
    END IF;
END
$wayli$;
