-- A member's consent per channel and purpose as an append-only history (ConsentGrain): each row is one real change,
-- numbered per member, so concurrent writers meet on the primary key instead of overwriting each other.
CREATE TABLE consent_changes
(
    member_id      text        NOT NULL,
    sequence       integer     NOT NULL,
    channel        text        NOT NULL,
    purpose        text        NOT NULL,
    status         text        NOT NULL,
    changed_at     timestamptz NOT NULL,
    source         text        NOT NULL,
    policy_version text,
    PRIMARY KEY (member_id, sequence)
);
