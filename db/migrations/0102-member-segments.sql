-- The segment index: each member's lifecycle stage and RFM cell as of their latest purchase (or
-- enrolment), written by the member grain whenever either changes, so segment counts and lists are
-- a query, not a scan of every grain.
CREATE TABLE member_segments
(
    member_id  text        PRIMARY KEY,
    stage      text        NOT NULL,
    rfm_cell   text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX member_segments_stage_cell ON member_segments (stage, rfm_cell, member_id);
CREATE INDEX member_segments_cell ON member_segments (rfm_cell, member_id);
