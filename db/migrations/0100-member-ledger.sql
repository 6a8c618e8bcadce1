-- The member ledger: one append-only event stream per member, the system of record for points.
-- A member's balance, tier and idempotency memory are all derived from these rows.
CREATE TABLE member_events
(
    member_id       text        NOT NULL,
    -- 1-based position in the member's stream. The primary key makes every append a
    -- compare-and-append: two activations writing at the same version cannot both commit.
    version         integer     NOT NULL,
    event_type      text        NOT NULL,
    -- Set for every command that carries one; unique per member so a retried command can
    -- never be applied twice, even by a duplicate activation.
    idempotency_key text        NULL,
    payload         jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT member_events_pk PRIMARY KEY (member_id, version),
    CONSTRAINT member_events_version_positive CHECK (version > 0)
);

CREATE UNIQUE INDEX member_events_idempotency_key
    ON member_events (member_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- The identity index: each normalized identifier belongs to at most one member.
-- Claimed in the same transaction that writes the member's enrolment event.
CREATE TABLE member_identifiers
(
    identifier_type  text        NOT NULL,
    identifier_value text        NOT NULL,
    member_id        text        NOT NULL,
    claimed_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT member_identifiers_pk PRIMARY KEY (identifier_type, identifier_value)
);

CREATE INDEX member_identifiers_member ON member_identifiers (member_id);
