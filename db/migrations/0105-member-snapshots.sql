-- Member account snapshots: the fold of a member's stream up to a version, so an activation reads the
-- snapshot and only the events after it. Only an optimisation: deleting rows changes nothing but speed.
CREATE TABLE member_snapshots
(
    member_id text        PRIMARY KEY,
    version   integer     NOT NULL,
    state     jsonb       NOT NULL,
    taken_at  timestamptz NOT NULL DEFAULT now()
);
