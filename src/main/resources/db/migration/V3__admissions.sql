-- Exactly-once admissions: the product's per-site limit is a unique index over admitted entries.

-- ANNUAL cards enter a site once per business day, PASS_72H cards once per card: the key is
-- "site/day" or "site". Offline admissions the rules would deny for another reason than a full
-- site keep their place in the history (conflict set) but take no limit key.
ALTER TABLE entry ADD COLUMN limit_key TEXT;
ALTER TABLE entry ADD CONSTRAINT entry_reason_matches_decision
    CHECK ((decision = 'ADMITTED' AND reason IS NULL) OR (decision = 'DENIED' AND reason IS NOT NULL));
ALTER TABLE entry ADD CONSTRAINT entry_limit_key_only_when_admitted
    CHECK (limit_key IS NULL OR (decision = 'ADMITTED' AND lineage_id IS NOT NULL));

CREATE UNIQUE INDEX entry_once_per_limit ON entry (lineage_id, limit_key) WHERE limit_key IS NOT NULL;
CREATE INDEX entry_site_day_idx ON entry (site_code, business_day);
