-- Behavioural events from apps and websites (product views, adds to cart, searches, app opens), by the device or
-- browser identifier they came from. member_id is the member they belong to, or NULL while that identifier is
-- anonymous: such events make up its anonymous profile, and join the member (member_id set, in one transaction
-- with the profile) when the identifier enrols or is linked. Kept apart from member_events: they are many, move no
-- points, and the ledger need not fold them.
CREATE TABLE behaviour_events
(
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identifier_type  text        NOT NULL,
    identifier_value text        NOT NULL,
    member_id        text        NULL,
    event_type       text        NOT NULL,
    occurred_at      timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL,
    sku              text        NULL,
    category         text        NULL,
    query            text        NULL,
    -- Optional; a retry with the same key is recorded once (per identifier), its fingerprint tells a retry from a reuse.
    idempotency_key  text        NULL,
    fingerprint      text        NOT NULL
);

CREATE UNIQUE INDEX behaviour_events_idempotency_key
    ON behaviour_events (identifier_type, identifier_value, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- What a member's favourite categories are read from.
CREATE INDEX behaviour_events_member ON behaviour_events (member_id, category) WHERE member_id IS NOT NULL;

-- An anonymous profile's events, to absorb or to delete.
CREATE INDEX behaviour_events_anonymous ON behaviour_events (identifier_type, identifier_value) WHERE member_id IS NULL;

-- One row per device or browser identifier seen without a member: first and last seen (when its events arrived),
-- and, once the identifier joined a member, which one. Its row lock orders event writes against absorption. An
-- unabsorbed profile is deleted with its events after a retention period without events (due work
-- anonymous-profile-expiry, keyed by id, so a profile deleted and seen again gets a check of its own).
CREATE TABLE anonymous_profiles
(
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identifier_type  text        NOT NULL,
    identifier_value text        NOT NULL,
    first_seen_at    timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    absorbed_by      text        NULL,
    absorbed_at      timestamptz NULL,
    CONSTRAINT anonymous_profiles_identifier UNIQUE (identifier_type, identifier_value)
);
