-- Table for the pgbench single-row insert baseline (insert.sql): shaped like the loyalty ledger's event append,
-- one row per event keyed by (member, version), a small JSON payload and a server-side timestamp.
-- Recreated on every run so the index starts empty and runs are comparable; scripts/bench.sh drops it afterwards.
SET client_min_messages = warning;  -- quiet the notice when there is nothing to drop
DROP TABLE IF EXISTS bench_events;

CREATE TABLE bench_events (
    member_id   text        NOT NULL,
    version     bigint      NOT NULL,
    payload     jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, version)
);
