-- Idempotency records of card requests were fingerprinted with a plain SHA-256 of a body that
-- holds the ID number: with the name, mask and category beside it, the number fell to a brute
-- force in seconds. Fingerprints are keyed now (HMAC-SHA256 under PASS_PII_KEY) and the old ones
-- cannot be rewritten without the bodies, so those records go. A retry of a key from before the
-- upgrade runs as a new request: an issue that had succeeded then answers 409 (the person holds
-- the card already), never a second card.
DELETE FROM idempotency_record;
