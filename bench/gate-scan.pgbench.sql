-- The minimal SQL of one scan, for pgbench: read the card, insert the entry once (ON CONFLICT
-- DO NOTHING on the unique index of admitted entries), conditionally raise the session's day counter.
\set n random(1, :cards)
\set s random(1, :sites)
BEGIN;
SELECT c.id, c.status, c.activated_at, c.valid_until, c.lineage_id, p.site_limit
  FROM bench_card b JOIN card c ON c.number = b.number JOIN product p ON p.code = c.product_code WHERE b.i = :n;
INSERT INTO entry (entry_id, site_code, gate_subject, card_id, lineage_id, decision, business_day, scanned_at,
                   recorded_at, request_hash, limit_key)
  SELECT gen_random_uuid(), 'bench-' || :s, 'pgbench', c.id, c.lineage_id, 'ADMITTED', current_date, now(), now(),
         'pgbench', 'pg-bench-' || :s || '/' || current_date
  FROM bench_card b JOIN card c ON c.number = b.number WHERE b.i = :n
  ON CONFLICT DO NOTHING;
INSERT INTO site_day_admissions (site_code, day, session_code, admitted) VALUES ('bench-' || :s, current_date, 'day', 1)
  ON CONFLICT (site_code, day, session_code) DO UPDATE SET admitted = site_day_admissions.admitted + 1
  WHERE site_day_admissions.admitted < 100000000;
COMMIT;
