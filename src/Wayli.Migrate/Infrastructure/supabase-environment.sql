-- Wayli Migrate: a minimal Supabase-like environment for a scratch database.
--
-- `wayli-migrate test --supabase` runs this on the empty scratch database before it applies a migration set
-- twice, so that migrations written for Supabase find the names they refer to. It is NOT Supabase: there is
-- no GoTrue, PostgREST, Storage API or Realtime server behind these objects, only enough catalog for DDL,
-- policies, grants and triggers to install the way they would on a Supabase project.
--
-- What it provides:
--   roles       anon, authenticated, service_role: NOLOGIN, created only where missing (roles are shared by
--               the whole cluster, so another database may create one at the same moment; losing that race
--               is fine). service_role gets BYPASSRLS, as on Supabase, when we create it and may grant it.
--               No authenticator: only PostgREST logs in as it, and no migration set we know refers to it.
--   schemas     auth, storage, extensions; USAGE on them and on public for the three roles.
--   extensions  pgcrypto and uuid-ossp in schema extensions (where the server has them), and the database's
--               search_path set to "$user", public, extensions, as on Supabase. The search_path applies to
--               sessions that start after this script has committed.
--   auth        auth.users (the columns migrations usually touch), and auth.jwt(), auth.uid(), auth.role()
--               reading the request settings PostgREST sets: request.jwt.claims (the whole claim set as JSON)
--               or, from older PostgREST versions, request.jwt.claim.sub / request.jwt.claim.role. Outside a
--               request they return NULL rather than failing.
--   storage     storage.buckets, storage.objects and the path helpers foldername(), filename(), extension()
--               that storage policies use.
--   realtime    the publication supabase_realtime, empty, for `ALTER PUBLICATION supabase_realtime ADD TABLE`.
--
-- Safe to run again (everything is created only where missing, or replaced by an identical definition) and
-- written to run inside one transaction on a vanilla PostgreSQL 15, as a superuser or as the owner of the
-- scratch database with CREATEROLE.

-- ------------------------------------------------------------------------------------------------- roles
DO $env$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        CONTINUE WHEN EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name);
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            CONTINUE; -- created by a concurrent run in another database
        END;
        IF role_name = 'service_role' THEN
            BEGIN
                ALTER ROLE service_role BYPASSRLS;
            EXCEPTION WHEN insufficient_privilege THEN
                NULL; -- only a superuser may grant BYPASSRLS; the role works without it for DDL
            END;
        END IF;
    END LOOP;
END
$env$;

-- ----------------------------------------------------------------------------------------------- schemas
CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS storage;
CREATE SCHEMA IF NOT EXISTS extensions;

-- -------------------------------------------------------------------------------------------- extensions
DO $env$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['pgcrypto', 'uuid-ossp'] LOOP
        IF EXISTS (SELECT FROM pg_catalog.pg_available_extensions WHERE name = wanted) THEN
            EXECUTE format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA extensions', wanted);
        END IF;
    END LOOP;
    EXECUTE format('ALTER DATABASE %I SET search_path TO "$user", public, extensions', pg_catalog.current_database());
END
$env$;

-- -------------------------------------------------------------------------------------------------- auth
CREATE TABLE IF NOT EXISTS auth.users (
    instance_id           uuid,
    id                    uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    aud                   varchar(255),
    role                  varchar(255),
    email                 varchar(255),
    encrypted_password    varchar(255),
    email_confirmed_at    timestamptz,
    invited_at            timestamptz,
    confirmation_token    varchar(255),
    confirmation_sent_at  timestamptz,
    recovery_token        varchar(255),
    recovery_sent_at      timestamptz,
    email_change          varchar(255),
    last_sign_in_at       timestamptz,
    raw_app_meta_data     jsonb,
    raw_user_meta_data    jsonb,
    is_super_admin        boolean,
    phone                 text,
    phone_confirmed_at    timestamptz,
    confirmed_at          timestamptz GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
    banned_until          timestamptz,
    is_sso_user           boolean     NOT NULL DEFAULT false,
    is_anonymous          boolean     NOT NULL DEFAULT false,
    deleted_at            timestamptz,
    created_at            timestamptz DEFAULT now(),
    updated_at            timestamptz DEFAULT now()
);

-- The claims of the current request as one JSON object: the claim set PostgREST stores in
-- request.jwt.claims, with the per-claim settings of older PostgREST versions laid over it.
-- Unset or empty settings count as absent; with no claims at all the result is NULL.
CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb
    LANGUAGE sql STABLE
AS $env$
    SELECT nullif(
        coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
            || jsonb_strip_nulls(jsonb_build_object(
                   'sub',  nullif(current_setting('request.jwt.claim.sub', true), ''),
                   'role', nullif(current_setting('request.jwt.claim.role', true), ''))),
        '{}'::jsonb)
$env$;

-- The signed-in user's id (the JWT's sub claim), or NULL.
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
AS $env$
    SELECT nullif(auth.jwt() ->> 'sub', '')::uuid
$env$;

-- The request's database role (the JWT's role claim: anon, authenticated, service_role), or NULL.
CREATE OR REPLACE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
AS $env$
    SELECT nullif(auth.jwt() ->> 'role', '')
$env$;

-- ----------------------------------------------------------------------------------------------- storage
CREATE TABLE IF NOT EXISTS storage.buckets (
    id                  text        NOT NULL PRIMARY KEY,
    name                text        NOT NULL,
    owner               uuid,
    owner_id            text,
    public              boolean     DEFAULT false,
    file_size_limit     bigint,
    allowed_mime_types  text[],
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS storage.objects (
    id                uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    bucket_id         text        REFERENCES storage.buckets (id),
    name              text,
    owner             uuid,
    owner_id          text,
    metadata          jsonb,
    user_metadata     jsonb,
    version           text,
    created_at        timestamptz DEFAULT now(),
    updated_at        timestamptz DEFAULT now(),
    last_accessed_at  timestamptz DEFAULT now(),
    CONSTRAINT objects_bucket_id_name_key UNIQUE (bucket_id, name)
);

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
GRANT USAGE ON SCHEMA public, auth, storage, extensions TO anon, authenticated, service_role;
GRANT ALL ON TABLE storage.buckets, storage.objects TO anon, authenticated, service_role;
