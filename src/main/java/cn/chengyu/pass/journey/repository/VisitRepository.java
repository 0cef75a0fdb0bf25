package cn.chengyu.pass.journey.repository;

import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.repository.CardRepository;
import cn.chengyu.pass.db.NamedSql;
import cn.chengyu.pass.db.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * The sites a card's lineage has visited (reads only: entries are written by admissions): one
 * query per card, the first admission at each site since the lineage's activation (its earliest card's:
 * a card replaced before its first use was never activated itself), however many routes and stops there are.
 */
@ApplicationScoped
public class VisitRepository {

    private static final String VISITS = "SELECT " + CardRepository.COLUMNS + """
            , v.site_code AS visited_site, v.first_visit
            FROM card c LEFT JOIN LATERAL (
                SELECT e.site_code, min(e.scanned_at) AS first_visit FROM entry e
                WHERE e.lineage_id = c.lineage_id AND e.decision = 'ADMITTED'
                  AND e.scanned_at >= (SELECT min(l.activated_at) FROM card l WHERE l.lineage_id = c.lineage_id)
                GROUP BY e.site_code
            ) v ON true
            WHERE c.id = #{cardId}""";

    private final Pool pool;

    public VisitRepository(Pool pool) {
        this.pool = pool;
    }

    /** A card and the first visit of its lineage at each site it visited, by site code. */
    public record CardVisits(Card card, Map<String, Instant> firstVisits) {
    }

    /** The card's visits, or null when there is no such card. */
    public Uni<CardVisits> of(UUID cardId) {
        return NamedSql.run(pool, VISITS, Map.of("cardId", cardId)).map(rows -> {
            Iterator<Row> found = rows.iterator();
            if (!found.hasNext()) {
                return null;
            }
            Row first = found.next();
            Map<String, Instant> visits = new HashMap<>();
            for (Row row = first; row != null; row = found.hasNext() ? found.next() : null) {
                if (row.getString("visited_site") != null) {
                    visits.put(row.getString("visited_site"), Rows.instant(row, "first_visit"));
                }
            }
            return new CardVisits(CardRepository.card(first), visits);
        });
    }
}
