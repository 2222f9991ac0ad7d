-- The user_features contract of docs/ARCHITECTURE.md (connect-configs/schema.sql owns the real one).
CREATE TABLE IF NOT EXISTS user_features (
    feature_id          UUID PRIMARY KEY,
    user_id             VARCHAR(255) NOT NULL,
    event_type          VARCHAR(255) NOT NULL,
    feature_value       DOUBLE PRECISION NOT NULL,
    ingestion_timestamp TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, event_type, ingestion_timestamp),
    arrived_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
