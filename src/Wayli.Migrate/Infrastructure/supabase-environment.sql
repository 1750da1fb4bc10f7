-- Wayli Migrate: a Supabase-like environment for a local or scratch database.
--
-- `test --supabase`, `sandbox --supabase` and `dev … --supabase` run this on an empty database before any
-- migration, so that migrations written for Supabase find what a Supabase database has before its first migration.
-- It is NOT Supabase: no GoTrue, PostgREST, Storage API or Realtime server runs behind these objects. It is written
-- by this project from Supabase's public documentation; docs/supabase.md lists what it holds and what it lacks.
--
--   roles       anon, authenticated, service_role (NOLOGIN NOINHERIT; service_role BYPASSRLS), authenticator
--               (NOINHERIT, member of the three, NOLOGIN here: no PostgREST logs in), supabase_admin (NOLOGIN).
--               Created only where missing: roles belong to the whole server, and another database may create one
--               at the same moment (losing that race is fine).
--   schemas     auth, storage, extensions, realtime, with USAGE for the API roles where Supabase grants it.
--   extensions  pgcrypto, uuid-ossp and pg_stat_statements in schema extensions (where the server has them), and
--               the database's search_path "$user", public, extensions. The search_path applies to sessions that
--               start after this script has committed.
--   public      Supabase's default privileges: tables, sequences and functions the current user creates in public
--               are granted to anon, authenticated and service_role (row-level security decides the rest).
--   auth        auth.users and auth.identities with the columns migrations commonly reference; auth.jwt(),
--               auth.uid(), auth.role(), auth.email() reading the request's claims the way PostgREST sets them:
--               request.jwt.claims (the claim set as JSON) or, from older versions, request.jwt.claim.<name>.
--               Outside a request they return NULL.
--   storage     storage.buckets, storage.objects (row-level security on) and the helpers storage policies use:
--               storage.foldername(), storage.filename(), storage.extension().
--   realtime    the publication supabase_realtime, empty, for `ALTER PUBLICATION supabase_realtime ADD TABLE`.
--   wayli_local act_as(): take a user's role and claims in this session, to try row-level security locally.
--               Not part of Supabase: never refer to it from a migration.
--
-- Safe to run again (everything is created only where missing, or replaced by an identical definition), and
-- written to run in one transaction on PostgreSQL 15 to 18, as a superuser or as the owner of the database with
-- CREATEROLE (then service_role lacks BYPASSRLS).

-- ------------------------------------------------------------------------------------------------- roles
DO $env$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin'] LOOP
        CONTINUE WHEN EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = wanted);
        BEGIN
            -- supabase_admin owns the platform's objects on Supabase; the API roles only ever act through
            -- authenticator, which takes their privileges by SET ROLE, never by inheritance.
            EXECUTE format('CREATE ROLE %I NOLOGIN %s', wanted, CASE WHEN wanted = 'supabase_admin' THEN '' ELSE 'NOINHERIT' END);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            CONTINUE; -- created by a concurrent run in another database
        END;
        IF wanted = 'service_role' THEN
            BEGIN
                ALTER ROLE service_role BYPASSRLS;
            EXCEPTION WHEN insufficient_privilege THEN
                NULL; -- only a superuser may grant BYPASSRLS; the role works without it for DDL
            END;
        END IF;
    END LOOP;
    -- PostgREST logs in as authenticator and switches to the role a request's token names.
    IF NOT pg_catalog.pg_has_role('authenticator', 'anon', 'MEMBER') THEN
        BEGIN
            GRANT anon, authenticated, service_role TO authenticator;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- granted by a concurrent run in another database
        END;
    END IF;
END
$env$;

-- ----------------------------------------------------------------------------------------------- schemas
CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS storage;
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE SCHEMA IF NOT EXISTS realtime;

-- -------------------------------------------------------------------------------------------- extensions
DO $env$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['pgcrypto', 'uuid-ossp', 'pg_stat_statements'] LOOP
        IF EXISTS (SELECT FROM pg_catalog.pg_available_extensions WHERE name = wanted) THEN
            EXECUTE format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA extensions', wanted);
        END IF;
    END LOOP;
    EXECUTE format('ALTER DATABASE %I SET search_path TO "$user", public, extensions', pg_catalog.current_database());
END
$env$;

-- -------------------------------------------------------------------------------------------------- auth
CREATE TABLE IF NOT EXISTS auth.users (
    instance_id                  uuid,
    id                           uuid        NOT NULL PRIMARY KEY,
    aud                          varchar(255),
    role                         varchar(255),
    email                        varchar(255),
    encrypted_password           varchar(255),
    email_confirmed_at           timestamptz,
    invited_at                   timestamptz,
    confirmation_token           varchar(255),
    confirmation_sent_at         timestamptz,
    recovery_token               varchar(255),
    recovery_sent_at             timestamptz,
    email_change_token_new       varchar(255),
    email_change                 varchar(255),
    email_change_sent_at         timestamptz,
    last_sign_in_at              timestamptz,
    raw_app_meta_data            jsonb,
    raw_user_meta_data           jsonb,
    is_super_admin               boolean,
    created_at                   timestamptz,
    updated_at                   timestamptz,
    phone                        text        UNIQUE DEFAULT NULL,
    phone_confirmed_at           timestamptz,
    phone_change                 text        DEFAULT '',
    phone_change_token           varchar(255) DEFAULT '',
    phone_change_sent_at         timestamptz,
    confirmed_at                 timestamptz GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
    email_change_token_current   varchar(255) DEFAULT '',
    email_change_confirm_status  smallint    DEFAULT 0 CHECK (email_change_confirm_status BETWEEN 0 AND 2),
    banned_until                 timestamptz,
    reauthentication_token       varchar(255) DEFAULT '',
    reauthentication_sent_at     timestamptz,
    is_sso_user                  boolean     NOT NULL DEFAULT false,
    deleted_at                   timestamptz,
    is_anonymous                 boolean     NOT NULL DEFAULT false
);

CREATE TABLE IF NOT EXISTS auth.identities (
    provider_id      text        NOT NULL,
    user_id          uuid        NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    identity_data    jsonb       NOT NULL,
    provider         text        NOT NULL,
    last_sign_in_at  timestamptz,
    created_at       timestamptz,
    updated_at       timestamptz,
    email            text        GENERATED ALWAYS AS (lower(identity_data ->> 'email')) STORED,
    id               uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    CONSTRAINT identities_provider_id_provider_unique UNIQUE (provider_id, provider)
);

ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.identities ENABLE ROW LEVEL SECURITY;

-- The claims of the current request as one JSON object: the claim set PostgREST stores in request.jwt.claims, with
-- the per-claim settings of older PostgREST versions laid over it. Unset or empty settings count as absent; with no
-- claims at all the result is NULL.
CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb
    LANGUAGE sql STABLE
AS $env$
    SELECT nullif(
        coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
            || jsonb_strip_nulls(jsonb_build_object(
                   'sub',   nullif(current_setting('request.jwt.claim.sub', true), ''),
                   'role',  nullif(current_setting('request.jwt.claim.role', true), ''),
                   'email', nullif(current_setting('request.jwt.claim.email', true), ''))),
        '{}'::jsonb)
$env$;

-- The signed-in user's id (the token's sub claim), or NULL.
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
AS $env$
    SELECT nullif(auth.jwt() ->> 'sub', '')::uuid
$env$;

-- The request's database role (the token's role claim: anon, authenticated, service_role), or NULL.
CREATE OR REPLACE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
AS $env$
    SELECT nullif(auth.jwt() ->> 'role', '')
$env$;

-- The signed-in user's e-mail address (the token's email claim), or NULL.
CREATE OR REPLACE FUNCTION auth.email() RETURNS text
    LANGUAGE sql STABLE
AS $env$
    SELECT nullif(auth.jwt() ->> 'email', '')
$env$;

-- ----------------------------------------------------------------------------------------------- storage
CREATE TABLE IF NOT EXISTS storage.buckets (
    id                  text        NOT NULL PRIMARY KEY,
    name                text        NOT NULL,
    owner               uuid,
    owner_id            text,
    public              boolean     DEFAULT false,
    avif_autodetection  boolean     DEFAULT false,
    file_size_limit     bigint,
    allowed_mime_types  text[],
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS bname ON storage.buckets (name);

CREATE TABLE IF NOT EXISTS storage.objects (
    id                uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    bucket_id         text        REFERENCES storage.buckets (id),
    name              text,
    owner             uuid,
    owner_id          text,
    metadata          jsonb,
    user_metadata     jsonb,
    path_tokens       text[]      GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
    version           text,
    created_at        timestamptz DEFAULT now(),
    updated_at        timestamptz DEFAULT now(),
    last_accessed_at  timestamptz DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS bucketid_objname ON storage.objects (bucket_id, name);

ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;

-- Object names are paths. For 'user-1/2024/track.gpx':
--   foldername → {user-1,2024}    filename → 'track.gpx'    extension → 'gpx' ('' when there is no dot)
CREATE OR REPLACE FUNCTION storage.foldername(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE
AS $env$
    SELECT parts[1:cardinality(parts) - 1] FROM string_to_array($1, '/') AS path(parts)
$env$;

CREATE OR REPLACE FUNCTION storage.filename(name text) RETURNS text
    LANGUAGE sql IMMUTABLE
AS $env$
    SELECT parts[cardinality(parts)] FROM string_to_array($1, '/') AS path(parts)
$env$;

CREATE OR REPLACE FUNCTION storage.extension(name text) RETURNS text
    LANGUAGE sql IMMUTABLE
AS $env$
    SELECT coalesce(substring(storage.filename($1) FROM '\.([^.]*)$'), '')
$env$;

-- ---------------------------------------------------------------------------------------------- realtime
-- On a server without wal_level = logical, CREATE PUBLICATION warns that it cannot publish; nothing here
-- needs it to, so that one warning is kept out of the caller's output.
DO $env$
DECLARE
    shown text := current_setting('client_min_messages');
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_publication WHERE pubname = 'supabase_realtime') THEN
        PERFORM set_config('client_min_messages', 'error', true);
        CREATE PUBLICATION supabase_realtime;
        PERFORM set_config('client_min_messages', shown, true);
    END IF;
END
$env$;

-- ------------------------------------------------------------------------------------------------ grants
-- public too: PUBLIC already has USAGE on it in PostgreSQL 15, but Supabase grants it to the API roles by name,
-- so a set that revokes it from PUBLIC behaves here as it would there.
GRANT USAGE ON SCHEMA public, auth, storage, extensions, realtime TO anon, authenticated, service_role;
GRANT ALL ON TABLE storage.buckets, storage.objects TO anon, authenticated, service_role;
GRANT ALL ON TABLE auth.users, auth.identities TO service_role;

-- What the current user creates in public is the API's to use, as on Supabase: privileges are granted up front and
-- row-level security policies decide which rows each role sees.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;

-- ------------------------------------------------------------------------------------------- wayli_local
-- Acting as a user, the way a request through Supabase's API does: the role its token names and its claims, so
-- auth.uid() and the policies see that user. For the rest of the session (a plain SET ROLE), or of the transaction
-- when local is true. RESET ROLE ends it.
--   SELECT wayli_local.act_as('6f1c…');                          -- a signed-in user (role authenticated)
--   SELECT wayli_local.act_as(NULL);                             -- an anonymous request (role anon)
--   SELECT wayli_local.act_as('6f1c…', '{"email": "a@b.c"}');    -- more claims
CREATE SCHEMA IF NOT EXISTS wayli_local;
COMMENT ON SCHEMA wayli_local IS 'Wayli Migrate''s local helpers (not part of Supabase; never refer to it from a migration)';

CREATE OR REPLACE FUNCTION wayli_local.act_as(user_id uuid, claims jsonb DEFAULT '{}', local boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE
AS $env$
DECLARE
    role text := coalesce(claims ->> 'role', CASE WHEN user_id IS NULL THEN 'anon' ELSE 'authenticated' END);
    token jsonb := jsonb_strip_nulls(jsonb_build_object('sub', user_id, 'role', role, 'aud', role)) || coalesce(claims, '{}');
BEGIN
    -- Claims first: once the role is switched, this session acts with that role's rights.
    PERFORM set_config('request.jwt.claims', token::text, local);
    PERFORM set_config('role', role, local);
    RETURN token;
END
$env$;

GRANT USAGE ON SCHEMA wayli_local TO anon, authenticated, service_role;
