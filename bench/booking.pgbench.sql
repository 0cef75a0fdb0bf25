-- The minimal SQL of one booking, for pgbench: take a seat of the session's day with a conditional
-- update and insert the reservation, in one statement (as the service does). Each booking is for a
-- fresh lineage, so none is refused as already reserved.
\set n random(1, :cards)
\set s random(1, :sites)
\set d random(1, 7)
WITH seat AS (
    INSERT INTO site_day_admissions (site_code, day, session_code, admitted, booked)
    SELECT 'bench-' || :s, current_date + :d, 'all', 0, 1
    ON CONFLICT (site_code, day, session_code) DO UPDATE SET booked = site_day_admissions.booked + 1
    WHERE site_day_admissions.admitted + site_day_admissions.booked < 100000000
    RETURNING 1
), booked AS (
    INSERT INTO reservation (id, card_id, lineage_id, site_code, day, session_code, starts_at, ends_at, status, created_at, updated_at)
    SELECT gen_random_uuid(), c.id, gen_random_uuid(), 'bench-' || :s, current_date + :d, 'all', now(), now() + interval '1 day',
           'BOOKED', now(), now()
    FROM seat, bench_card b JOIN card c ON c.number = b.number WHERE b.i = :n
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT EXISTS (SELECT 1 FROM seat), (SELECT version FROM booked);
