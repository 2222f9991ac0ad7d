-- user_features and the two roles that use it. Idempotent: run it again at any time.
--
-- Passwords come from the caller's session, never from this file:
--   psql:  PGOPTIONS='-c kp.connect_password=... -c kp.scoring_password=...' psql -v ON_ERROR_STOP=1 -f schema.sql
--   JDBC:  SET kp.connect_password = '...'; SET kp.scoring_password = '...'; then run this file.
-- A role that exists keeps its password when the setting is absent; a new role needs one.
-- Run as the database owner or a superuser.

CREATE TABLE IF NOT EXISTS user_features (
    feature_id          UUID PRIMARY KEY,              -- UUID v5 of (user_id, event_type, epoch millis), see README
    user_id             VARCHAR(255) NOT NULL,
    event_type          VARCHAR(255) NOT NULL,
    feature_value       DOUBLE PRECISION NOT NULL,
    ingestion_timestamp TIMESTAMPTZ NOT NULL,          -- the event's own time, exact to the millisecond
    CONSTRAINT user_features_natural_key UNIQUE (user_id, event_type, ingestion_timestamp),
    arrived_at          TIMESTAMPTZ NOT NULL DEFAULT now()  -- when the row first landed; set here, never by the sink
);

-- Tables created before arrived_at existed get it here. Their rows take the time of this statement
-- (their real arrival is unknown): features "as of arrival" before it see none of them.
-- A constant default, so PostgreSQL 11+ adds the column without rewriting the table.
ALTER TABLE user_features ADD COLUMN IF NOT EXISTS arrived_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- Lookups, as_of and training sets read (user_id, event_type, time) ranges and each row's value
-- (and arrival): with both in the index those are index-only scans, no heap page per event once
-- VACUUM has marked the pages all-visible (plans in BENCHMARKS.md, "Feature store"). Not UNIQUE,
-- so it also builds on a table partitioned by event time (on the parent it cascades to every partition).
CREATE INDEX IF NOT EXISTS user_features_lookup
    ON user_features (user_id, event_type, ingestion_timestamp) INCLUDE (feature_value, arrived_at);

DO $roles$
DECLARE
    r record;
    password text;
BEGIN
    FOR r IN SELECT * FROM (VALUES ('connect_writer', 'kp.connect_password'),
                                   ('scoring_reader', 'kp.scoring_password')) AS t(role_name, setting)
    LOOP
        password := nullif(current_setting(r.setting, true), '');
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.role_name) THEN
            IF password IS NULL THEN
                RAISE EXCEPTION 'role % does not exist yet and % is not set', r.role_name, r.setting
                    USING HINT = format('PGOPTIONS=''-c %s=...'' psql -f schema.sql, or SET %s = ''...'' before running it',
                                        r.setting, r.setting);
            END IF;
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', r.role_name, password);
        ELSIF password IS NOT NULL THEN
            EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', r.role_name, password);
        END IF;
    END LOOP;
    -- Every role gets CONNECT and TEMP through PUBLIC by default: take both back, so only the
    -- roles granted here (and the owner, superusers) can log in to this database, and nobody
    -- creates temporary tables in it. Revoking what is already gone is a no-op: safe to re-run.
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO connect_writer, scoring_reader', current_database());
END
$roles$;

-- The PostgreSQL 15+ default, made explicit for older servers: nobody creates objects in public
-- unless granted. The connector must never create or alter tables (schema.evolution=none).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO connect_writer, scoring_reader;

-- Upserts need INSERT, UPDATE and SELECT (ON CONFLICT ... DO UPDATE reads the conflicting row).
-- INSERT and UPDATE are granted on the sink's columns only: arrived_at stays the database's own,
-- so a redelivered event keeps its first arrival whatever a connector config says. Revoking on the
-- table also revokes column grants, so a re-run starts clean.
REVOKE ALL ON user_features FROM connect_writer, scoring_reader;
GRANT SELECT ON user_features TO connect_writer;
GRANT INSERT (feature_id, user_id, event_type, feature_value, ingestion_timestamp),
      UPDATE (feature_id, user_id, event_type, feature_value, ingestion_timestamp) ON user_features TO connect_writer;
GRANT SELECT ON user_features TO scoring_reader;
