-- Settlement between the card authority and sites: what a site is paid per admitted entry (tariffs,
-- integer fen), one line per admitted entry written in the admission's own statement, and the months
-- closed for good.

-- A site's rates from a day on, by product and category; a version is the rows of one effective_from.
CREATE TABLE tariff (
    site_code      TEXT    NOT NULL REFERENCES site (code),
    effective_from DATE    NOT NULL,
    product_code   TEXT    NOT NULL REFERENCES product (code),
    category       TEXT    NOT NULL CHECK (category IN ('ADULT', 'SENIOR', 'MINOR')),
    amount_fen     INTEGER NOT NULL CHECK (amount_fen >= 0),
    PRIMARY KEY (site_code, effective_from, product_code, category)
);

-- Lines are never deleted nor their amounts changed: an ADMISSION line per admitted entry (a
-- disputed one is resolved in place: its status and the decision), and a REVERSAL line (the amount
-- negated) when a dispute is rejected. month is the period the line is booked to: the business day's
-- month, or, when that month was closed before the entry arrived, the next open one (adjustment_of
-- then names the business day's month).
CREATE TABLE settlement_line (
    entry_id      UUID        NOT NULL,
    kind          TEXT        NOT NULL CHECK (kind IN ('ADMISSION', 'REVERSAL')),
    site_code     TEXT        NOT NULL,
    province      TEXT        NOT NULL,
    business_day  DATE        NOT NULL,
    month         DATE        NOT NULL CHECK (extract(day FROM month) = 1),
    adjustment_of DATE,
    product_code  TEXT,
    category      TEXT,
    amount_fen    INTEGER     NOT NULL,
    tariff_from   DATE,
    status        TEXT        NOT NULL CHECK (status IN ('PAYABLE', 'DISPUTED')),
    conflict      TEXT,
    resolution    TEXT CHECK (resolution IN ('ACCEPT', 'REJECT')),
    resolution_note TEXT,
    resolved_by   TEXT,
    resolved_at   TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (entry_id, kind),
    CHECK ((status = 'DISPUTED') = (kind = 'ADMISSION' AND conflict IS NOT NULL AND resolution IS NULL))
);
-- Every admission writes a line, so the indexes are few: one serves a month's statements (month and
-- site), its clearing and its close (month), one the close's check for disputes (a handful of rows).
CREATE INDEX settlement_line_month_site_idx ON settlement_line (month, site_code);
CREATE INDEX settlement_line_disputed_idx ON settlement_line (month) WHERE status = 'DISPUTED';

-- The months closed (first day of the month, Asia/Shanghai business days); an open month has no row.
CREATE TABLE settlement_period (
    month     DATE        PRIMARY KEY CHECK (extract(day FROM month) = 1),
    closed_at TIMESTAMPTZ NOT NULL,
    closed_by TEXT        NOT NULL
);

-- The month an admission's line is booked to, called by the statement that writes the line with its
-- business day's month (Pricing.monthOf): that month, unless it is closed, else the next open one. It reads under that month's
-- advisory lock, held shared (a VOLATILE function's queries see what committed before they ran); a
-- close holds it exclusive, so only admissions booking into the month being closed wait for it.
CREATE FUNCTION settlement_month(p_month DATE) RETURNS DATE LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    m DATE := p_month;
BEGIN
    LOOP
        PERFORM pg_advisory_xact_lock_shared(7310003, (extract(year FROM m) * 12 + extract(month FROM m))::int);
        IF NOT EXISTS (SELECT 1 FROM settlement_period p WHERE p.month = m) THEN
            RETURN m;
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
END
$$;
