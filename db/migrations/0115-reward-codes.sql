-- Rewards: each reward's issued count (its stock is in the program) and each code by (member, idempotency key), so a
-- retried redemption gets the code it got before. A code is reserved before the member's redemption event is
-- appended and is consumable only once that event exists ("issued"): a redemption that then fails leaves a reserved
-- code that nobody can use, holding one unit of stock until its retry (under-issued, never over-issued or unpaid).
CREATE TABLE reward_stock
(
    reward_id text   PRIMARY KEY,
    issued    bigint NOT NULL DEFAULT 0 CHECK (issued >= 0)
);

CREATE TABLE reward_codes
(
    code            text        PRIMARY KEY,
    reward_id       text        NOT NULL,
    member_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    issued          boolean     NOT NULL DEFAULT false,
    reserved_at     timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    consumed_at     timestamptz,
    consumed_by     text,
    UNIQUE (member_id, idempotency_key)
);

-- Reserves a code of p_reward for one redemption: the stock row is locked first, so concurrent redemptions on any silo
-- take the stock one after the other and it never goes below zero. The same (member, key) gets the same code; null
-- when the stock (p_stock; null: unlimited) is gone.
CREATE FUNCTION reserve_reward_code(p_reward text, p_stock bigint, p_member text, p_key text, p_code text, p_expires timestamptz)
    RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    existing text;
    issued_so_far bigint;
BEGIN
    INSERT INTO reward_stock (reward_id) VALUES (p_reward) ON CONFLICT DO NOTHING;
    SELECT issued INTO issued_so_far FROM reward_stock WHERE reward_id = p_reward FOR UPDATE;
    SELECT code INTO existing FROM reward_codes WHERE member_id = p_member AND idempotency_key = p_key;
    IF FOUND THEN
        RETURN existing;
    END IF;
    IF p_stock IS NOT NULL AND issued_so_far >= p_stock THEN
        RETURN NULL;
    END IF;
    UPDATE reward_stock SET issued = issued_so_far + 1 WHERE reward_id = p_reward;
    INSERT INTO reward_codes (code, reward_id, member_id, idempotency_key, expires_at) VALUES (p_code, p_reward, p_member, p_key, p_expires);
    RETURN p_code;
END $$;
