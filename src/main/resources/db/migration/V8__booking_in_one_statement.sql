-- A booking is one statement run on its own: when it took a seat but another booking of the same
-- card lineage holds the reservation, the statement calls this function, whose error undoes the
-- whole statement (the seat with it). SQLSTATE CYB01 tells the service what happened.
CREATE FUNCTION booking_lost_to_own_lineage() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'another booking of this card lineage holds the reservation' USING ERRCODE = 'CYB01';
END
$$;
