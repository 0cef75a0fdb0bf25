-- Years of history: entries partitioned by month of their business day, settlement lines by the
-- month they are booked to (PostgreSQL declarative partitioning), so that what a gate writes and
-- reads stays in one month's small indexes however many years are kept, and an old month leaves as
-- a whole (MonthlyPartitions detaches months past the retention; README says how to archive them).
-- There is no default partition: a month is made ahead by the service, or the moment a row needs it.
--
-- Unique indexes are made on each month, not on the table: a table-wide one must include the month
-- column, which would no longer say "an entry id once" nor "a limit key once". Each month says it of
-- its rows; across months:
--  - an entry id: a scan's business day follows from its scannedAt (or the time it arrived), so a
--    replay lands in the month of the first. An online retry without scannedAt can cross a month's
--    end: the statements that write and look up entries also read the months of the day before and
--    the day after (window bounds given by the service).
--  - a card's once-per-site limit (products with ONCE_PER_SITE): its own table, lifetime_limit,
--    written in the same statement as the entry. Per-day limit keys name their day: one month.

-- Months past keeping are detached into this schema, to be dumped and dropped by an operator.
CREATE SCHEMA IF NOT EXISTS archive;

CREATE TABLE lifetime_limit (
    lineage_id UUID NOT NULL,
    limit_key  TEXT NOT NULL,
    entry_id   UUID NOT NULL,
    PRIMARY KEY (lineage_id, limit_key)
);

ALTER TABLE entry RENAME TO entry_before_partitions;
ALTER TABLE settlement_line RENAME TO settlement_line_before_partitions;
ALTER INDEX entry_lineage_idx RENAME TO entry_before_partitions_lineage_idx;
ALTER INDEX entry_site_day_idx RENAME TO entry_before_partitions_site_day_idx;
ALTER INDEX settlement_line_month_site_idx RENAME TO settlement_line_before_partitions_month_site_idx;
ALTER INDEX settlement_line_disputed_idx RENAME TO settlement_line_before_partitions_disputed_idx;

CREATE TABLE entry (
    entry_id      UUID        NOT NULL,
    site_code     TEXT        NOT NULL REFERENCES site (code),
    gate_subject  TEXT        NOT NULL,
    card_id       UUID REFERENCES card (id),
    lineage_id    UUID,
    decision      TEXT        NOT NULL CHECK (decision IN ('ADMITTED', 'DENIED')),
    reason        TEXT,
    conflict      TEXT,
    business_day  DATE        NOT NULL,
    scanned_at    TIMESTAMPTZ NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    request_hash  TEXT        NOT NULL,
    limit_key     TEXT,
    CONSTRAINT entry_reason_matches_decision
        CHECK ((decision = 'ADMITTED' AND reason IS NULL) OR (decision = 'DENIED' AND reason IS NOT NULL)),
    CONSTRAINT entry_limit_key_only_when_admitted
        CHECK (limit_key IS NULL OR (decision = 'ADMITTED' AND lineage_id IS NOT NULL))
) PARTITION BY RANGE (business_day);
CREATE INDEX entry_lineage_idx ON entry (lineage_id, scanned_at);
CREATE INDEX entry_site_day_idx ON entry (site_code, business_day);

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
    CHECK ((status = 'DISPUTED') = (kind = 'ADMISSION' AND conflict IS NOT NULL AND resolution IS NULL))
) PARTITION BY RANGE (month);
CREATE INDEX settlement_line_month_site_idx ON settlement_line (month, site_code);
CREATE INDEX settlement_line_disputed_idx ON settlement_line (month) WHERE status = 'DISPUTED';

-- Makes the month's partitions of entry and settlement_line (entry_pYYYY_MM, settlement_line_pYYYY_MM)
-- with their unique indexes, unless they exist; one caller at a time (replicas start together).
CREATE FUNCTION create_month_partitions(p_month DATE) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    month_start DATE := date_trunc('month', p_month)::date;
    month_end   DATE := (date_trunc('month', p_month) + interval '1 month')::date;
    suffix TEXT := to_char(p_month, '"p"YYYY_MM');
BEGIN
    PERFORM pg_advisory_xact_lock(7310004, 0);
    IF to_regclass('entry_' || suffix) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF entry FOR VALUES FROM (%L) TO (%L)', 'entry_' || suffix, month_start, month_end);
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I (entry_id)', 'entry_' || suffix || '_id', 'entry_' || suffix);
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I (lineage_id, limit_key) WHERE limit_key IS NOT NULL',
                       'entry_' || suffix || '_once_per_limit', 'entry_' || suffix);
    END IF;
    IF to_regclass('settlement_line_' || suffix) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF settlement_line FOR VALUES FROM (%L) TO (%L)',
                       'settlement_line_' || suffix, month_start, month_end);
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I (entry_id, kind)', 'settlement_line_' || suffix || '_key',
                       'settlement_line_' || suffix);
    END IF;
END
$$;

-- The months the rows so far need, and this month with the one before and the two after.
SELECT create_month_partitions(month) FROM (
    SELECT date_trunc('month', business_day)::date AS month FROM entry_before_partitions
    UNION SELECT month FROM settlement_line_before_partitions
    UNION SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') + m * interval '1 month')::date
          FROM generate_series(-1, 2) AS m
) months;

INSERT INTO entry SELECT entry_id, site_code, gate_subject, card_id, lineage_id, decision, reason, conflict, business_day,
                         scanned_at, recorded_at, request_hash, limit_key
                  FROM entry_before_partitions;
INSERT INTO lifetime_limit (lineage_id, limit_key, entry_id)
    SELECT lineage_id, limit_key, entry_id FROM entry_before_partitions WHERE limit_key = site_code;
INSERT INTO settlement_line SELECT entry_id, kind, site_code, province, business_day, month, adjustment_of, product_code,
                                   category, amount_fen, tariff_from, status, conflict, resolution, resolution_note,
                                   resolved_by, resolved_at, created_at
                            FROM settlement_line_before_partitions;
DROP TABLE entry_before_partitions;
DROP TABLE settlement_line_before_partitions;
