-- Each identifier link records whether it was verified (an OTP, a login) and who linked it. Links made at
-- enrolment are unverified claims; the loyalty number is issued by the program, so it is verified.
ALTER TABLE member_identifiers
    ADD COLUMN verified boolean NOT NULL DEFAULT false,
    ADD COLUMN source   text    NOT NULL DEFAULT 'enrolment';

UPDATE member_identifiers SET verified = true, source = 'program' WHERE identifier_type = 'loyalty';

-- The profile grain now also folds identifier links and merges: widen its partial index to those events.
DROP INDEX member_events_profile;
CREATE INDEX member_events_profile ON member_events (member_id, version)
    WHERE event_type IN ('enrolled', 'profile-changed', 'identifier-linked', 'identifier-unlinked',
                         'merged-away', 'merge-applied', 'merge-undone', 'member-restored');
