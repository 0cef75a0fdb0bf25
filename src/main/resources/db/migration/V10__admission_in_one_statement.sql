-- An online admission is one statement run on its own. When the entry went in but the session had
-- no seat for it (full, or a booking needed), or the card it was to activate changed after it was
-- read, the statement calls one of these functions, whose error undoes the whole statement: the
-- entry, its limit key and its settlement line with it. The SQLSTATE tells the service which.
CREATE FUNCTION admission_not_counted() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the session has no seat for this admission' USING ERRCODE = 'CYB02';
END
$$;

CREATE FUNCTION admission_card_changed() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the card changed before its first admission could activate it' USING ERRCODE = 'CYB03';
END
$$;
