-- Years of history: entries partitioned by month of their business day, settlement lines by the
-- month they are booked to (PostgreSQL declarative partitioning), so that what a gate writes and
-- reads stays in one month's small indexes however many years are kept, and an old month leaves as
-- a whole (MonthlyPartitions detaches months past the retention; README says how to archive them).
-- There is no default partition: a month is made ahead by the service, or the moment a row needs it.
-- A database that has rows already keeps them where they are: each table becomes the one partition
-- of everything up to the end of its latest month (entry_before_partitions,
-- settlement_line_before_partitions), attached with its indexes, so this migration takes seconds
-- however many rows there are (attaching reads them once). Months after it are made as usual.
--
-- Unique indexes are made on each month, not on the table: a table-wide one must include the month
-- column, which would no longer say "an entry id once" nor "a limit key once". Each month says it of
-- its rows; across months:
--  - an entry id: a scan's business day follows from its scannedAt (or the time it arrived), so a
--    replay lands in the month of the first. Where a repeat may land in the month next to it (sent
--    without scannedAt near a month's end, or on the 1st after a session change), the statements that
--    write and look up entries also read the months around it (window bounds given by the service).
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

-- The same columns, defaults and checks; the foreign keys again (LIKE leaves them out).
CREATE TABLE entry (LIKE entry_before_partitions INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (business_day);
ALTER TABLE entry ADD CONSTRAINT entry_site_fkey FOREIGN KEY (site_code) REFERENCES site (code),
                  ADD CONSTRAINT entry_card_fkey FOREIGN KEY (card_id) REFERENCES card (id);
CREATE INDEX entry_lineage_idx ON entry (lineage_id, scanned_at);
CREATE INDEX entry_site_day_idx ON entry (site_code, business_day);

CREATE TABLE settlement_line (LIKE settlement_line_before_partitions INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE (month);
CREATE INDEX settlement_line_month_site_idx ON settlement_line (month, site_code);
CREATE INDEX settlement_line_disputed_idx ON settlement_line (month) WHERE status = 'DISPUTED';

-- Makes the month's partition of p_table (entry or settlement_line), named p_table_pYYYY_MM, with its
-- unique indexes (name suffix and definition, split at the first colon), unless it exists or another
-- partition covers the month (the earlier rows' one). It is made apart and then attached: attaching
-- takes a lock that scans and reports go on under (CREATE TABLE ... PARTITION OF would stop them all
-- until it has its lock), with a check of its month so that nothing is read to prove it. Its foreign
-- keys come with it, a moment's lock on card and site.
CREATE FUNCTION create_month_partition(p_table TEXT, p_column TEXT, p_month DATE, p_unique TEXT[]) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
    month_start DATE := date_trunc('month', p_month)::date;
    month_end   DATE := (date_trunc('month', p_month) + interval '1 month')::date;
    partition   TEXT := p_table || '_' || to_char(p_month, '"p"YYYY_MM');
    unique_index TEXT;
BEGIN
    IF to_regclass(partition) IS NOT NULL THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition, p_table);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%I >= %L AND %I < %L)',
                   partition, partition || '_month', p_column, month_start, p_column, month_end);
    FOREACH unique_index IN ARRAY p_unique LOOP
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I %s', partition || split_part(unique_index, ':', 1), partition,
                       substr(unique_index, strpos(unique_index, ':') + 1));
    END LOOP;
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', p_table, partition, month_start, month_end);
EXCEPTION WHEN invalid_object_definition THEN
    NULL; -- another partition covers the month: nothing of this one is left
END
$$;

-- The month's partitions of both tables; one caller at a time (replicas start together), a lock waited
-- for longer than 10 s fails the call.
CREATE FUNCTION create_month_partitions(p_month DATE) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7310004, 0);
    PERFORM set_config('lock_timeout', '10s', true);
    PERFORM create_month_partition('entry', 'business_day', p_month,
        ARRAY['_id:(entry_id)', '_once_per_limit:(lineage_id, limit_key) WHERE limit_key IS NOT NULL']);
    PERFORM create_month_partition('settlement_line', 'month', p_month, ARRAY['_key:(entry_id, kind)']);
END
$$;

-- Once-per-site limits taken so far (their keys name no day).
INSERT INTO lifetime_limit (lineage_id, limit_key, entry_id)
    SELECT lineage_id, limit_key, entry_id FROM entry_before_partitions WHERE limit_key = site_code;

DO $$
DECLARE
    -- where the rows so far end: the first day after their latest month (null: there are none)
    entries_until DATE := (SELECT (date_trunc('month', max(business_day)) + interval '1 month')::date FROM entry_before_partitions);
    lines_until   DATE := (SELECT (max(month) + interval '1 month')::date FROM settlement_line_before_partitions);
BEGIN
    IF entries_until IS NULL THEN
        DROP TABLE entry_before_partitions;
    ELSE
        EXECUTE format('ALTER TABLE entry ATTACH PARTITION entry_before_partitions FOR VALUES FROM (MINVALUE) TO (%L)',
                       entries_until);
    END IF;
    IF lines_until IS NULL THEN
        DROP TABLE settlement_line_before_partitions;
    ELSE
        EXECUTE format('ALTER TABLE settlement_line ATTACH PARTITION settlement_line_before_partitions '
                       'FOR VALUES FROM (MINVALUE) TO (%L)', lines_until);
    END IF;
END
$$;

-- This month with the one before and the two after, where the earlier rows' partition leaves them.
SELECT create_month_partitions((date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') + m * interval '1 month')::date)
FROM generate_series(-1, 2) AS m;
