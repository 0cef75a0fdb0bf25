-- What a gate's admission writes, at the database's pace (measured on a 500-entry batch: the entry
-- insert and the card activations were more than half of its time in PostgreSQL; README, Performance).
--
-- 1. A card's activation (ISSUED to ACTIVE at its first admission) becomes a heap-only (HOT) update,
--    which writes no index entry: no index may name a column it changes. "One live card per person
--    and product" now reads a stored generated column, live, instead of status (ISSUED, ACTIVE and
--    SUSPENDED are all live, so an activation leaves it as it was), and card pages keep a fifth free
--    for a row's new version. Adding the column rewrites card once, at the new fill factor.
-- 2. An entry's card and site are no longer checked by foreign key: that is a query per row and key
--    (half of a 500-row entry insert), and a month's partition attached with foreign keys locks card
--    and site. What the keys guarded holds otherwise: the service writes an entry only for the card it
--    has just read in the same transaction and for a site it knows, and card and site rows are never
--    deleted, which the triggers below enforce once per statement instead of once per entry.

ALTER TABLE card SET (fillfactor = 80);
ALTER TABLE card ADD COLUMN live BOOLEAN GENERATED ALWAYS AS (status IN ('ISSUED', 'ACTIVE', 'SUSPENDED')) STORED;
DROP INDEX card_one_live_per_person;
CREATE UNIQUE INDEX card_one_live_per_person ON card (id_number_hash, product_code) WHERE live;

ALTER TABLE entry DROP CONSTRAINT entry_site_fkey, DROP CONSTRAINT entry_card_fkey;

CREATE FUNCTION refuse_delete() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are kept: entries name them', TG_TABLE_NAME USING ERRCODE = '23503';
END $$;
CREATE TRIGGER card_rows_kept BEFORE DELETE OR TRUNCATE ON card FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
CREATE TRIGGER site_rows_kept BEFORE DELETE OR TRUNCATE ON site FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
