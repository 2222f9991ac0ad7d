-- The user_features contract of docs/ARCHITECTURE.md (connect-configs/schema.sql owns the real one):
-- partitioned by week of ingestion_timestamp, so the lookups run across partitions as in production.
-- Weekly partitions for the first quarter of 2026 (where most tests' rows are), a history partition
-- before them and one open-ended partition after them (schema.sql has no DEFAULT partition either).
CREATE TABLE IF NOT EXISTS user_features (
    feature_id          UUID NOT NULL,
    user_id             VARCHAR(255) NOT NULL,
    event_type          VARCHAR(255) NOT NULL,
    feature_value       DOUBLE PRECISION NOT NULL,
    ingestion_timestamp TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (feature_id, ingestion_timestamp),
    UNIQUE (user_id, event_type, ingestion_timestamp),
    -- the row's insert time, its xid taken first (connect-configs/schema.sql explains why)
    arrived_at          TIMESTAMPTZ NOT NULL DEFAULT CASE WHEN pg_current_xact_id() IS NOT NULL THEN clock_timestamp() END
) PARTITION BY RANGE (ingestion_timestamp);
CREATE TABLE IF NOT EXISTS user_features_history PARTITION OF user_features FOR VALUES FROM (MINVALUE) TO ('2025-12-29 00:00:00+00');
CREATE TABLE IF NOT EXISTS user_features_later PARTITION OF user_features FOR VALUES FROM ('2026-04-06 00:00:00+00') TO (MAXVALUE);
DO $weeks$
DECLARE
    week timestamptz;
BEGIN
    FOR week IN SELECT generate_series(timestamptz '2025-12-29 00:00:00+00', timestamptz '2026-03-30 00:00:00+00', interval '1 week') LOOP
        IF to_regclass('user_features_' || to_char(week AT TIME ZONE 'UTC', 'IYYY"w"IW')) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF user_features FOR VALUES FROM (%L) TO (%L)',
                           'user_features_' || to_char(week AT TIME ZONE 'UTC', 'IYYY"w"IW'), week, week + interval '1 week');
        END IF;
    END LOOP;
END
$weeks$;
