-- The minimal SQL of one booking, for pgbench, as the service runs it: read what the booking is
-- judged on (the card, the session, the holder's no-shows), then take a seat of the session's day
-- with a conditional update and insert the reservation in one statement that checks the lineage
-- holds no live reservation there that day. Each booking is for a fresh lineage (the first CTE), so
-- none is refused as already reserved.
\set n random(1, :cards)
\set s random(1, :sites)
\set d random(1, 7)
SELECT c.id, c.lineage_id, c.status, c.activated_at, c.valid_until,
       EXISTS (SELECT 1 FROM site WHERE code = 'bench-' || :s) AS site_exists,
       ss.opens, ss.closes, ss.capacity, ss.reservation,
       ARRAY(SELECT r.ends_at FROM reservation r JOIN card other ON other.id = r.card_id
             WHERE other.id_number_hash = c.id_number_hash AND r.status = 'BOOKED'
               AND r.ends_at > now() - interval '37 days' AND r.ends_at <= now()) AS no_shows
FROM bench_card b JOIN card c ON c.number = b.number
     LEFT JOIN site_session ss ON ss.site_code = 'bench-' || :s AND ss.code = 'all'
WHERE b.i = :n;
WITH fresh AS MATERIALIZED (
    SELECT gen_random_uuid() AS lineage
), live AS (
    SELECT 1 FROM reservation, fresh WHERE lineage_id = fresh.lineage AND site_code = 'bench-' || :s AND day = current_date + (:d)::int
      AND status IN ('BOOKED', 'USED')
), seat AS (
    INSERT INTO site_day_admissions (site_code, day, session_code, admitted, booked)
    SELECT 'bench-' || :s, current_date + (:d)::int, 'all', 0, 1
    WHERE NOT EXISTS (SELECT 1 FROM live)
    ON CONFLICT (site_code, day, session_code) DO UPDATE SET booked = site_day_admissions.booked + 1
    WHERE site_day_admissions.admitted + site_day_admissions.booked < 100000000
    RETURNING 1
), booked AS (
    INSERT INTO reservation (id, card_id, lineage_id, site_code, day, session_code, starts_at, ends_at, status, created_at, updated_at)
    SELECT gen_random_uuid(), c.id, fresh.lineage, 'bench-' || :s, current_date + (:d)::int, 'all', now(), now() + interval '1 day',
           'BOOKED', now(), now()
    FROM seat, fresh, bench_card b JOIN card c ON c.number = b.number WHERE b.i = :n
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT (SELECT version FROM booked) AS version, EXISTS (SELECT 1 FROM live) AS reserved,
       CASE WHEN EXISTS (SELECT 1 FROM seat) AND NOT EXISTS (SELECT 1 FROM booked) THEN booking_lost_to_own_lineage() END AS lost;
