-- Member merges: one row per merge, owned by the merge grain keyed by merge_id, which runs it as durable steps
-- (closing -> applied -> completed, or closing -> cancelled; completed -> undone). The members' streams record
-- each step; this row says which step to run next after a crash (the scheduler's 'merge' work resumes it).
CREATE TABLE member_merges
(
    merge_id    text        PRIMARY KEY,
    survivor_id text        NOT NULL,
    absorbed_id text        NOT NULL,
    reason      text        NOT NULL,
    actor       text        NOT NULL,
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT member_merges_status CHECK (status IN ('closing', 'applied', 'completed', 'cancelled', 'undone'))
);

CREATE INDEX member_merges_survivor ON member_merges (survivor_id);
CREATE INDEX member_merges_absorbed ON member_merges (absorbed_id);

-- A member takes part in at most one unfinished merge: both members are locked in the transaction that closes
-- the absorbed member (in member-id order, so two opposite merges never deadlock: one of them waits, then finds
-- the lock taken), and released in the one that completes it.
CREATE TABLE merge_locks
(
    member_id text PRIMARY KEY,
    merge_id  text NOT NULL
);
