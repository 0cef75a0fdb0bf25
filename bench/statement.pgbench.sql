-- The aggregate of a site's monthly statement, as SettlementRepository.statement runs it.
SELECT product_code, category, count(*) FILTER (WHERE kind = 'ADMISSION') AS admissions, count(*) AS lines,
       coalesce(sum(amount_fen), 0) AS amount_fen,
       coalesce(sum(amount_fen) FILTER (WHERE status = 'PAYABLE'), 0) AS payable_fen,
       coalesce(sum(amount_fen) FILTER (WHERE status = 'DISPUTED'), 0) AS disputed_fen
FROM settlement_line WHERE site_code = :site AND month = :month
GROUP BY product_code, category ORDER BY product_code NULLS LAST, category NULLS LAST;
