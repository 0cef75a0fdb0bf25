-- A card's activation (ISSUED to ACTIVE at its first admission, with activated_at, valid_until and
-- updated_at) becomes a heap-only (HOT) update, which writes no index entry: no index may name a
-- column it changes (measured on a 500-entry batch: the activations took 8-10 ms, each writing an
-- entry in six indexes; README, Performance). "One live card per person and product" now reads a
-- stored generated column, live, instead of status (ISSUED, ACTIVE and SUSPENDED are all live, so an
-- activation leaves it as it was), and card pages keep a fifth free for a row's new version.
--
-- Adding the column rewrites card once, at the new fill factor, holding card meanwhile: 17 s for
-- 2,000,000 cards on the development machine (README, Deploy). It touches no other table, so that
-- nothing waiting for card can hold up this migration in turn.

ALTER TABLE card SET (fillfactor = 80);
ALTER TABLE card ADD COLUMN live BOOLEAN GENERATED ALWAYS AS (status IN ('ISSUED', 'ACTIVE', 'SUSPENDED')) STORED;
DROP INDEX card_one_live_per_person;
CREATE UNIQUE INDEX card_one_live_per_person ON card (id_number_hash, product_code) WHERE live;
