-- The profile grain catches up on a member's profile events (enrolment, profile changes) without reading
-- the ledger events around them: a small partial index, since profile events are few.
CREATE INDEX member_events_profile ON member_events (member_id, version)
    WHERE event_type IN ('enrolled', 'profile-changed');
