-- The change feed: every member event gets a global position in the order positions were drawn.
-- Positions are drawn by the insert itself (an identity), so group commit stays one statement per batch.
-- Positions are not dense (a conflicting or rolled-back insert burns one) and commit out of order; readers
-- only read up to a safe high-water mark (see grains/Feed/FeedWatermark.cs), which never passes a position
-- whose transaction may still commit. Existing rows are numbered in their physical order.
ALTER TABLE member_events ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;

CREATE UNIQUE INDEX member_events_position ON member_events (position);

-- One row per named consumer: the position up to which it has handled every event.
CREATE TABLE feed_checkpoints
(
    consumer   text        PRIMARY KEY,
    position   bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
