-- user_features and the two roles that use it. Idempotent: run it again at any time.
--
-- Passwords come from the caller's session, never from this file:
--   psql:  PGOPTIONS='-c kp.connect_password=... -c kp.scoring_password=...' psql -v ON_ERROR_STOP=1 -f schema.sql
--   JDBC:  SET kp.connect_password = '...'; SET kp.scoring_password = '...'; then run this file.
-- A role that exists keeps its password when the setting is absent; a new role needs one.
-- Run as the database owner or a superuser.

-- ---------------------------------------------------------------------------------------------
-- user_features, partitioned by event time
--
-- One partition per ISO week (Monday 00:00 UTC to the next Monday) of ingestion_timestamp, the
-- event's own time, named user_features_<ISO year>w<ISO week> (user_features_2026w03). Every key
-- includes the partition column, as PostgreSQL requires: the primary key is
-- (feature_id, ingestion_timestamp) and the natural key already holds ingestion_timestamp. The
-- upsert stays idempotent because feature_id is derived from the natural key (a redelivered event
-- has the same feature_id AND the same ingestion_timestamp, so it meets its own row).
--
-- Partitions come from feature_store_maintain() (below): it creates the current week and the next
-- weeks ahead of time and, given a retention, drops whole partitions past it. Everything before the
-- first weekly partition lands in user_features_history (FROM MINVALUE), so old events and
-- back-fills never fail the sink. There is deliberately no DEFAULT partition: with one, PostgreSQL
-- can no longer read the partitions in time order, and the latest-value lookup (ORDER BY
-- ingestion_timestamp DESC LIMIT 1) becomes a Merge Append that probes every partition. Events too
-- far in the future (beyond the weeks created ahead) are kept out by the validation transform's
-- max.future.skew, events older than the retention by its retention option.
--
-- A table from before partitioning is migrated in place, below: it becomes the partition
-- user_features_legacy, covering everything up to the end of the week of its newest row (it then
-- plays the part of user_features_history).
-- ---------------------------------------------------------------------------------------------

-- Migration, step 1 of 2 (only if user_features is still a plain table): rename it out of the way
-- with its constraints (index names are unique per schema), and give it the partitioned key. Adding
-- arrived_at first: a partition must have exactly the parent's columns. Building the new primary key
-- reads the whole table under an exclusive lock: on a large table run this file in a quiet moment.
DO $migrate$
BEGIN
    IF EXISTS (SELECT FROM pg_class WHERE oid = to_regclass('user_features') AND relkind = 'r') THEN
        -- A constant default, so PostgreSQL 11+ adds the column without rewriting the table. Old rows
        -- take the time of this run as their arrival (the real one is unknown).
        ALTER TABLE user_features ADD COLUMN IF NOT EXISTS arrived_at TIMESTAMPTZ NOT NULL DEFAULT now();
        ALTER TABLE user_features RENAME TO user_features_legacy;
        ALTER TABLE user_features_legacy DROP CONSTRAINT user_features_pkey;
        ALTER TABLE user_features_legacy ADD CONSTRAINT user_features_legacy_pkey PRIMARY KEY (feature_id, ingestion_timestamp);
        -- Its natural key becomes the parent's, with the lookup's INCLUDE columns, when it is attached below.
        ALTER TABLE user_features_legacy DROP CONSTRAINT user_features_natural_key;
    END IF;
END
$migrate$;

CREATE TABLE IF NOT EXISTS user_features (
    feature_id          UUID NOT NULL,                 -- UUID v5 of (user_id, event_type, epoch millis), see README
    user_id             VARCHAR(255) NOT NULL,
    event_type          VARCHAR(255) NOT NULL,
    feature_value       DOUBLE PRECISION NOT NULL,
    ingestion_timestamp TIMESTAMPTZ NOT NULL,          -- the event's own time, exact to the millisecond; the partition key
    CONSTRAINT user_features_pkey PRIMARY KEY (feature_id, ingestion_timestamp),
    -- Also the lookups' index: with the value and the arrival in it, lookups, as_of and training sets
    -- read (user_id, event_type, time) ranges by index-only scans, no heap page per event once VACUUM
    -- has marked the pages all-visible (plans in BENCHMARKS.md, "Feature store"). One index where
    -- there were two: every ingested row updates one B-tree less.
    CONSTRAINT user_features_natural_key UNIQUE (user_id, event_type, ingestion_timestamp) INCLUDE (feature_value, arrived_at),
    -- when the row first landed; set here, never by the sink (the default is explained below)
    arrived_at          TIMESTAMPTZ NOT NULL DEFAULT CASE WHEN pg_current_xact_id() IS NOT NULL THEN clock_timestamp() END
) PARTITION BY RANGE (ingestion_timestamp);
-- More indexes: CREATE INDEX IF NOT EXISTS ... ON user_features (the parent), after this statement.
-- PostgreSQL builds them on every partition and on each one attached later (CONCURRENTLY is not
-- possible on the parent; on a large table build them per partition first, then on the parent).

-- Migration, step 2 of 2: the old table becomes the partition of everything up to the end of the
-- week of its newest row (weekly partitions start after it; the scan that checks the bound is the
-- only other cost). Its primary key matches the parent's and is attached as it is; the natural key's
-- index (with the INCLUDE columns) is built on it by the attach.
DO $attach$
DECLARE
    upper_bound timestamptz;
BEGIN
    IF EXISTS (SELECT FROM pg_class WHERE oid = to_regclass('user_features_legacy') AND relkind = 'r' AND NOT relispartition) THEN
        SELECT date_trunc('week', coalesce(max(ingestion_timestamp), now()) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 week'
          INTO upper_bound FROM user_features_legacy;
        EXECUTE format('ALTER TABLE user_features ATTACH PARTITION user_features_legacy FOR VALUES FROM (MINVALUE) TO (%L)',
                       upper_bound);
    END IF;
END
$attach$;

-- arrived_at is the row's own insert time (clock_timestamp()), not its transaction's start (now()):
-- a live arrival lookup at t waits for every transaction in progress at t and then sees exactly the
-- rows with arrived_at <= t (docs/train-on-your-events.md). pg_current_xact_id() first gives the
-- transaction its xid (and the lock on it), so a row stamped at or before t belongs to a transaction
-- that, read after t, is finished or holds its xid lock. (The CASE fixes that order; never false.)
-- Set on the parent for tables made before this default: it recurses to every partition, and a row
-- inserted through the parent takes the parent's default. Only when some table still has another
-- default: ALTER locks the parent and every partition, which a re-run on a busy table need not do.
DO $arrival_default$
BEGIN
    IF EXISTS (SELECT FROM pg_partition_tree('user_features') t
               JOIN pg_attribute a ON a.attrelid = t.relid AND a.attname = 'arrived_at'
               LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
               WHERE coalesce(pg_get_expr(d.adbin, d.adrelid), '') NOT LIKE '%clock_timestamp()%') THEN
        ALTER TABLE user_features ALTER COLUMN arrived_at
            SET DEFAULT CASE WHEN pg_current_xact_id() IS NOT NULL THEN clock_timestamp() END;
    END IF;
END
$arrival_default$;


-- Creates the weekly partitions from the week of the oldest time kept (now() - retention, or since
-- for a back-fill, else now()) to weeks_ahead weeks after the current one (ingestion never waits on
-- DDL nor misses a partition as long as this runs at least every weeks_ahead weeks), and, when
-- retention is given, drops every partition whose newest possible row is older than
-- now() - retention: whole partitions, never a DELETE. Rows therefore stay between retention and
-- retention + 1 week. Returns one line per action. Run it from any scheduler (cron, pg_cron, a
-- Kubernetes CronJob, ./stack, the compose service), as the table's owner:
--   SELECT * FROM feature_store_maintain(interval '90 days');   -- or feature_store_maintain() to keep everything
--   SELECT * FROM feature_store_maintain(since => '2025-10-01'); -- partitions for a back-fill
--
-- Locks: a new partition is created on its own and then attached, which takes only SHARE UPDATE
-- EXCLUSIVE on user_features (inserts and lookups go on). Detaching an expired partition needs a
-- brief ACCESS EXCLUSIVE lock on user_features; lock_timeout bounds the wait (and so the time
-- inserts and lookups queue behind it) to lock_wait, with a few retries; a partition still busy is
-- reported and goes on the next run. (DETACH ... CONCURRENTLY cannot run inside a function.)
-- lock_timeout stays set to lock_wait until the caller's transaction ends.
CREATE OR REPLACE FUNCTION feature_store_maintain(retention interval DEFAULT NULL, weeks_ahead integer DEFAULT 4,
                                                  since timestamptz DEFAULT NULL,
                                                  lock_wait interval DEFAULT interval '200 milliseconds')
RETURNS SETOF text
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $maintain$
DECLARE
    this_week timestamptz := date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    first_week timestamptz := date_trunc('week', least(since, now() - retention, now()) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    week_start timestamptz;
    part_name text;
    part record;
    attempt integer;
    history record;
    history_upper timestamptz;
BEGIN
    IF weeks_ahead < 1 THEN
        RAISE EXCEPTION 'weeks_ahead must be at least 1, got %', weeks_ahead;
    END IF;
    IF retention IS NOT NULL AND retention <= interval '0' THEN
        RAISE EXCEPTION 'retention must be positive, got %', retention;
    END IF;
    PERFORM set_config('lock_timeout', (extract(epoch FROM lock_wait) * 1000)::bigint::text, true);

    -- A back-fill (since) before the history partition's upper bound: move the bound back, so the
    -- weeks from since on get partitions of their own. Possible while the history partition holds no
    -- row from since on (ATTACH checks; it scans the history partition under its own lock only).
    SELECT c.relname, (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz AS upper_bound
      INTO history
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'user_features'::regclass AND pg_get_expr(c.relpartbound, c.oid) LIKE 'FOR VALUES FROM (MINVALUE)%';
    IF history.relname IS NULL THEN
        -- A new table (or one whose history partition the retention dropped): everything before the
        -- first weekly partition goes to user_features_history. With a retention, nothing that old is
        -- accepted any more (the transform's retention), so none is needed.
        IF retention IS NULL THEN
            SELECT least(first_week, min((regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz))
              INTO history_upper
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'user_features'::regclass;
            history_upper := coalesce(history_upper, first_week);
            EXECUTE format('CREATE TABLE user_features_history PARTITION OF user_features FOR VALUES FROM (MINVALUE) TO (%L)',
                           history_upper);
            RETURN NEXT format('created user_features_history (rows before %s)', history_upper);
        END IF;
    ELSIF first_week < history.upper_bound THEN
        BEGIN
            EXECUTE format('ALTER TABLE user_features DETACH PARTITION %I', history.relname);
            EXECUTE format('ALTER TABLE user_features ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)',
                           history.relname, first_week);
            RETURN NEXT format('moved the upper bound of %s back to %s', history.relname, first_week);
        EXCEPTION WHEN check_violation THEN
            RETURN NEXT format('kept %s up to %s: it holds rows from %s on', history.relname, history.upper_bound, first_week);
        END;
    END IF;

    week_start := first_week - interval '1 week';
    WHILE week_start < this_week + weeks_ahead * interval '1 week' LOOP
        week_start := week_start + interval '1 week';
        part_name := 'user_features_' || to_char(week_start AT TIME ZONE 'UTC', 'IYYY"w"IW');
        CONTINUE WHEN to_regclass(part_name) IS NOT NULL;
        BEGIN
            EXECUTE format('CREATE TABLE %I (LIKE user_features INCLUDING DEFAULTS)', part_name);
            -- The CHECK lets ATTACH skip its validation scan; it is redundant afterwards.
            EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (ingestion_timestamp >= %L AND ingestion_timestamp < %L)',
                           part_name, part_name || '_bound', week_start, week_start + interval '1 week');
            EXECUTE format('ALTER TABLE user_features ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                           part_name, week_start, week_start + interval '1 week');
            EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', part_name, part_name || '_bound');
            RETURN NEXT 'created ' || part_name;
        EXCEPTION
            WHEN invalid_object_definition THEN   -- the week overlaps the history (or legacy) partition: it holds it already
                RETURN NEXT 'skipped ' || part_name || ': ' || SQLERRM;
            WHEN duplicate_table OR unique_violation THEN   -- a concurrent run created it meanwhile
                RETURN NEXT 'skipped ' || part_name || ': created by another run';
        END;
    END LOOP;

    IF retention IS NULL THEN
        RETURN;
    END IF;
    FOR part IN
        SELECT c.relname,
               (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz AS upper_bound
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'user_features'::regclass
         ORDER BY 2
    LOOP
        CONTINUE WHEN part.upper_bound > now() - retention;   -- rows still kept
        FOR attempt IN 1..5 LOOP
            BEGIN
                EXECUTE format('ALTER TABLE user_features DETACH PARTITION %I', part.relname);
                EXECUTE format('DROP TABLE %I', part.relname);
                RETURN NEXT 'dropped ' || part.relname || ' (rows before ' || part.upper_bound || ')';
                EXIT;
            EXCEPTION WHEN lock_not_available THEN
                IF attempt = 5 THEN
                    RETURN NEXT 'busy ' || part.relname || ': not dropped, the next run retries';
                ELSE
                    PERFORM pg_sleep(0.1 * attempt);
                END IF;
            END;
        END LOOP;
    END LOOP;
END
$maintain$;
REVOKE ALL ON FUNCTION feature_store_maintain(interval, integer, timestamptz, interval) FROM PUBLIC;

-- The first partitions, so a fresh database takes events of this week at once (keeps everything;
-- retention is the scheduler's business).
DO $first_partitions$ BEGIN PERFORM feature_store_maintain(); END $first_partitions$;

-- A table made before the natural key carried the lookups' columns gets them as a separate index, as
-- it did then (rebuilding its natural key would lock the table; to merge the two in a quiet moment,
-- see docs/partitions-and-retention.md). On the parent it cascades to every partition.
DO $lookup_index$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_index i JOIN pg_constraint c ON c.conindid = i.indexrelid
                   WHERE c.conrelid = 'user_features'::regclass AND c.conname = 'user_features_natural_key'
                     AND i.indnatts > i.indnkeyatts) THEN
        CREATE INDEX IF NOT EXISTS user_features_lookup
            ON user_features (user_id, event_type, ingestion_timestamp) INCLUDE (feature_value, arrived_at);
    END IF;
END
$lookup_index$;

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
-- Grants on the parent only: access through user_features to its partitions needs nothing more,
-- and nobody but the owner reaches a partition directly.
REVOKE ALL ON user_features FROM connect_writer, scoring_reader;
GRANT SELECT ON user_features TO connect_writer;
GRANT INSERT (feature_id, user_id, event_type, feature_value, ingestion_timestamp),
      UPDATE (feature_id, user_id, event_type, feature_value, ingestion_timestamp) ON user_features TO connect_writer;
GRANT SELECT ON user_features TO scoring_reader;
