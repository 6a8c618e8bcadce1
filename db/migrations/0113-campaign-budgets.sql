-- Campaign budgets: the points each campaign has given in all, and each grant by (member, idempotency key), so a retried
-- purchase is granted what it was granted before. A grant is taken before the purchase's event is appended: a purchase
-- that then fails leaves its grant unused (the budget is under-spent, never over-spent), and its retry reuses it.
CREATE TABLE campaign_budgets
(
    campaign_id text   PRIMARY KEY,
    spent       bigint NOT NULL DEFAULT 0 CHECK (spent >= 0)
);

CREATE TABLE campaign_grants
(
    campaign_id     text        NOT NULL,
    member_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    points          bigint      NOT NULL CHECK (points >= 0),
    granted_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, member_id, idempotency_key)
);

-- Grants up to p_wanted points of p_campaign's p_budget to one purchase: the budget row is locked first, so concurrent
-- purchases are granted one after the other and the sum never passes the budget.
CREATE FUNCTION grant_campaign_points(p_campaign text, p_budget bigint, p_member text, p_key text, p_wanted bigint)
    RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    already bigint;
    spent_so_far bigint;
    granted bigint;
BEGIN
    INSERT INTO campaign_budgets (campaign_id) VALUES (p_campaign) ON CONFLICT DO NOTHING;
    SELECT spent INTO spent_so_far FROM campaign_budgets WHERE campaign_id = p_campaign FOR UPDATE;
    SELECT points INTO already FROM campaign_grants WHERE campaign_id = p_campaign AND member_id = p_member AND idempotency_key = p_key;
    IF FOUND THEN
        RETURN already;
    END IF;
    granted := LEAST(p_wanted, GREATEST(p_budget - spent_so_far, 0));
    UPDATE campaign_budgets SET spent = spent_so_far + granted WHERE campaign_id = p_campaign;
    INSERT INTO campaign_grants (campaign_id, member_id, idempotency_key, points) VALUES (p_campaign, p_member, p_key, granted);
    RETURN granted;
END $$;
