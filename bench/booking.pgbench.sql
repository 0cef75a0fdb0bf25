-- The minimal SQL of one booking, for pgbench, as the service runs it: read what the booking is
-- judged on (the card, the session, the holder's no-shows), then take a seat of the session's day
-- with a conditional update and insert the reservation in one statement. Each booking is for a fresh
-- lineage, so none is refused as already reserved.
\set n random(1, :cards)
\set s random(1, :sites)
\set d random(1, 7)
SELECT c.id, c.status, c.activated_at, c.valid_until, c.lineage_id, EXISTS (SELECT 1 FROM site WHERE code = 'bench-' || :s),
       ss.opens, ss.closes, ss.capacity, ss.reservation,
       ARRAY(SELECT r.ends_at FROM reservation r JOIN card other ON other.id = r.card_id
             WHERE other.id_number_hash = c.id_number_hash AND r.status = 'BOOKED'
               AND r.ends_at > now() - interval '37 days' AND r.ends_at <= now())
FROM bench_card b JOIN card c ON c.number = b.number
     LEFT JOIN site_session ss ON ss.site_code = 'bench-' || :s AND ss.code = 'all'
WHERE b.i = :n;
WITH seat AS (
    INSERT INTO site_day_admissions (site_code, day, session_code, admitted, booked)
    SELECT 'bench-' || :s, current_date + (:d)::int, 'all', 0, 1
    ON CONFLICT (site_code, day, session_code) DO UPDATE SET booked = site_day_admissions.booked + 1
    WHERE site_day_admissions.admitted + site_day_admissions.booked < 100000000
    RETURNING 1
), booked AS (
    INSERT INTO reservation (id, card_id, lineage_id, site_code, day, session_code, starts_at, ends_at, status, created_at, updated_at)
    SELECT gen_random_uuid(), c.id, gen_random_uuid(), 'bench-' || :s, current_date + (:d)::int, 'all', now(), now() + interval '1 day',
           'BOOKED', now(), now()
    FROM seat, bench_card b JOIN card c ON c.number = b.number WHERE b.i = :n
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT EXISTS (SELECT 1 FROM seat), (SELECT version FROM booked);
