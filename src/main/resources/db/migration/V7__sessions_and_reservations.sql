-- Timed entry: a site's daily sessions, reservations of a session's seats, and the day counters
-- per session that bookings and walk-in admissions share.

CREATE TABLE site_session (
    site_code    TEXT    NOT NULL REFERENCES site (code) ON DELETE CASCADE,
    code         TEXT    NOT NULL CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 20),
    name_zh      TEXT    NOT NULL,
    name_en      TEXT    NOT NULL,
    -- Asia/Shanghai local times; closes at or before opens runs past midnight and belongs to the
    -- business day it opens on
    opens        TIME    NOT NULL,
    closes       TIME    NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity >= 0),
    reservation  TEXT    NOT NULL CHECK (reservation IN ('REQUIRED', 'OPTIONAL')),
    PRIMARY KEY (site_code, code)
);

-- Every site so far had one opening window and one daily capacity: that is its session "day".
INSERT INTO site_session (site_code, code, name_zh, name_en, opens, closes, capacity, reservation)
SELECT code, 'day', '日场', 'Day', opens, closes, daily_capacity, 'OPTIONAL' FROM site;

-- The launch catalog's night sessions (夜间文旅): Hongya Cave and Kuanzhai Alley are night destinations.
DELETE FROM site_session WHERE site_code IN ('cq-hongyadong', 'cd-kuanzhai', 'cq-ciqikou');
INSERT INTO site_session (site_code, code, name_zh, name_en, opens, closes, capacity, reservation) VALUES
    ('cq-hongyadong', 'day',   '日场', 'Day',   '11:00', '17:00', 30000, 'OPTIONAL'),
    ('cq-hongyadong', 'night', '夜场', 'Night', '17:00', '23:30', 18000, 'REQUIRED'),
    ('cd-kuanzhai',   'day',   '日场', 'Day',   '09:00', '18:00', 40000, 'OPTIONAL'),
    ('cd-kuanzhai',   'night', '夜场', 'Night', '18:00', '01:00', 20000, 'REQUIRED'),
    ('cq-ciqikou',    'day',   '日场', 'Day',   '09:00', '18:00', 40000, 'OPTIONAL'),
    ('cq-ciqikou',    'night', '夜场', 'Night', '18:00', '22:00', 10000, 'REQUIRED');
-- The site row keeps the span of its sessions and their total capacity.
UPDATE site SET opens = '11:00', closes = '23:30', daily_capacity = 48000 WHERE code = 'cq-hongyadong';
UPDATE site SET opens = '09:00', closes = '01:00', daily_capacity = 60000 WHERE code = 'cd-kuanzhai';
UPDATE site SET opens = '09:00', closes = '22:00', daily_capacity = 50000 WHERE code = 'cq-ciqikou';

-- The day counters become per session: admitted (walk-ins and used bookings) and booked (seats
-- held by live bookings) share the session's capacity.
ALTER TABLE site_day_admissions ADD COLUMN session_code TEXT NOT NULL DEFAULT 'day';
ALTER TABLE site_day_admissions ALTER COLUMN session_code DROP DEFAULT;
ALTER TABLE site_day_admissions ADD COLUMN booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0);
ALTER TABLE site_day_admissions DROP CONSTRAINT site_day_admissions_pkey;
ALTER TABLE site_day_admissions ADD PRIMARY KEY (site_code, day, session_code);

-- A booked seat of one session on one business day, for a card's lineage (replacements keep it).
-- NO_SHOW is not stored: a BOOKED reservation whose session has ended reads as one.
CREATE TABLE reservation (
    id            UUID        PRIMARY KEY,
    card_id       UUID        NOT NULL REFERENCES card (id),
    lineage_id    UUID        NOT NULL,
    site_code     TEXT        NOT NULL REFERENCES site (code),
    day           DATE        NOT NULL,
    session_code  TEXT        NOT NULL,
    -- the session's times on that day, as booked
    starts_at     TIMESTAMPTZ NOT NULL,
    ends_at       TIMESTAMPTZ NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('BOOKED', 'USED', 'CANCELLED')),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    used_entry_id UUID,
    -- the writing transaction's id: gates ask for what changed since the last version they saw
    version       BIGINT      NOT NULL DEFAULT txid_current(),
    CHECK ((status = 'USED') = (used_entry_id IS NOT NULL))
);

-- One live reservation per card lineage, site and business day.
CREATE UNIQUE INDEX reservation_one_live ON reservation (lineage_id, site_code, day) WHERE status IN ('BOOKED', 'USED');
CREATE INDEX reservation_site_day_idx ON reservation (site_code, day, version);
CREATE INDEX reservation_no_show_idx ON reservation (card_id, ends_at) WHERE status = 'BOOKED';
-- A person's cards, whatever their status: no-shows count across replacement cards.
CREATE INDEX card_person_idx ON card (id_number_hash);
