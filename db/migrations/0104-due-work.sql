-- The durable scheduler: one row per item of timed work, written in the same statement as the event that
-- schedules it, and run at least once after due_at by the scheduler shard that owns the row (grains/Scheduling).
-- One pending item per (kind, key): scheduling again while one is pending keeps the earlier one.
CREATE TABLE due_work
(
    id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shard    smallint    NOT NULL,
    kind     text        NOT NULL,
    key      text        NOT NULL,
    due_at   timestamptz NOT NULL,
    payload  jsonb       NOT NULL DEFAULT '{}',
    attempts integer     NOT NULL DEFAULT 0,
    CONSTRAINT due_work_kind_key UNIQUE (kind, key)
);

CREATE INDEX due_work_shard_due ON due_work (shard, due_at);

-- The shard of a key: 8 shards, the count DueWorkShards.Count names in C#. The mask keeps the hash
-- non-negative (abs() of the smallest int overflows).
CREATE FUNCTION due_work_shard(key text) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ((hashtext(key) & 2147483647) % 8)::smallint $$;

-- Members indexed before the scheduler existed get their next re-evaluation a day after their last one,
-- as members now schedule it themselves (leads and lapsed members cannot change stage with time alone).
INSERT INTO due_work (shard, kind, key, due_at)
SELECT due_work_shard(member_id), 'segment-refresh', member_id, updated_at + interval '1 day'
FROM member_segments
WHERE stage NOT IN ('lead', 'lapsed')
ON CONFLICT (kind, key) DO NOTHING;
