-- Who suspended a card, why and when: a holder lifts or replaces only its own suspension; one the
-- card authority made (with a reason) only the authority lifts.
ALTER TABLE card
    ADD COLUMN suspended_by      TEXT CHECK (suspended_by IN ('HOLDER', 'AUTHORITY')),
    ADD COLUMN suspension_reason TEXT,
    ADD COLUMN suspended_at      TIMESTAMPTZ,
    -- Changes a holder made to its card's lineage (suspend, reinstate, replace) in the day-long
    -- window that began at change_window_start: each one grows or churns the gates' deny list.
    ADD COLUMN change_window_start TIMESTAMPTZ,
    ADD COLUMN changes_in_window   INTEGER NOT NULL DEFAULT 0;

-- Suspensions from before this column cannot tell who made them; the card authority lifts them.
UPDATE card SET suspended_by = 'AUTHORITY', suspension_reason = 'Suspended before suspensions recorded who made them',
                suspended_at = updated_at
WHERE status = 'SUSPENDED';

-- A suspended card says who suspended it (a card revoked, replaced or expired while suspended keeps
-- the record of its last suspension).
ALTER TABLE card ADD CONSTRAINT card_suspension_recorded
    CHECK (status <> 'SUSPENDED' OR (suspended_by IS NOT NULL AND suspended_at IS NOT NULL));
