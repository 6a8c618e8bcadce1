-- Which coalition partner a points movement was posted by (null: the brand's own), so a partner's settlement for a
-- period is a sum over the liability movements the change feed already records once per feed position.
ALTER TABLE liability_movements ADD COLUMN partner_id text;
CREATE INDEX liability_movements_partner ON liability_movements (partner_id, recorded_at) WHERE partner_id IS NOT NULL;
