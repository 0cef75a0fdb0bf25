-- An entry's card and site are no longer checked by foreign key: that is a query per row and key
-- (half the time of a 500-row entry insert, measured; README, Performance), and a month's partition
-- attached with foreign keys locks card and site. What the keys guarded holds otherwise: the service
-- writes an entry only for the card it has just read in the same transaction and for a site it has
-- read, and card and site rows are never deleted nor given another key, which the triggers below
-- enforce once per statement instead of once per entry.

ALTER TABLE entry DROP CONSTRAINT entry_site_fkey, DROP CONSTRAINT entry_card_fkey;

CREATE FUNCTION refuse_losing_rows() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are never deleted nor given another key: entries name them', TG_TABLE_NAME
        USING ERRCODE = '23503';
END $$;
CREATE TRIGGER card_rows_kept BEFORE DELETE OR TRUNCATE OR UPDATE OF id ON card
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_losing_rows();
CREATE TRIGGER site_rows_kept BEFORE DELETE OR TRUNCATE OR UPDATE OF code ON site
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_losing_rows();
