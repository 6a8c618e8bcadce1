-- The points liability as a projection of the change feed (LiabilityConsumer). Each member's outstanding lots by
-- expiry month (null: never), replaced as a whole whenever the member has an event, so a replayed batch converges;
-- and one movement per feed position (issued, redeemed, expired, clawed back, adjusted), so a replay counts nothing twice.
CREATE TABLE liability_members
(
    member_id  text   PRIMARY KEY,
    tier       text   NOT NULL,
    below_zero bigint NOT NULL,
    debt       bigint NOT NULL
);

CREATE TABLE liability_lots
(
    member_id     text   NOT NULL,
    expires_month date,
    available     bigint NOT NULL,
    pending       bigint NOT NULL
);
CREATE INDEX liability_lots_member ON liability_lots (member_id);

CREATE TABLE liability_movements
(
    position    bigint      PRIMARY KEY,
    recorded_at timestamptz NOT NULL,
    kind        text        NOT NULL,
    points      bigint      NOT NULL
);
CREATE INDEX liability_movements_recorded ON liability_movements (recorded_at);
