-- App QR tokens are single use: the first lookup of a token records its id here, in the statement that decides
-- whether it was the first, so a replay is refused by every gateway, also after any restart. Tokens themselves
-- are never stored (they are signed, see domain/Identity/QrToken.cs). A row is only needed while its token could
-- still be accepted: the scheduler deletes it some minutes after the token expired (qr-token-purge).
CREATE TABLE qr_token_uses
(
    token_id   text        PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz NOT NULL
);

CREATE INDEX qr_token_uses_expiry ON qr_token_uses (expires_at);
