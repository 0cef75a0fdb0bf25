package cn.chengyu.pass.card.repository;

import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.card.Suspender;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Reads a card to show it, not to change it, in one statement on the reactive client, outside
 * any Hibernate session: card reads and pass minting are hot paths (bench/cards.sh).
 */
@ApplicationScoped
public class CardLookup {

    private static final String SELECT_BY_ID = """
            SELECT id, number, product_code, owner_subject, status, category, holder_name, id_number_hash,
                   id_number_masked, issued_at, activation_deadline, activated_at, valid_until, lineage_id,
                   replaced_by, denylist_version, updated_at, suspended_by, suspension_reason, suspended_at,
                   change_window_start, changes_in_window
            FROM card WHERE id = $1""";

    private final Pool pool;

    public CardLookup(Pool pool) {
        this.pool = pool;
    }

    public Uni<Card> findToRead(UUID id) {
        return pool.preparedQuery(SELECT_BY_ID).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : toCard(rows.iterator().next()));
    }

    private static Card toCard(Row row) {
        Card card = new Card();
        card.id = row.getUUID("id");
        card.number = row.getString("number");
        card.productCode = row.getString("product_code");
        card.ownerSubject = row.getString("owner_subject");
        card.status = CardStatus.valueOf(row.getString("status"));
        card.category = Category.valueOf(row.getString("category"));
        card.holderName = row.getString("holder_name");
        card.idNumberHash = row.getString("id_number_hash");
        card.idNumberMasked = row.getString("id_number_masked");
        card.issuedAt = instant(row, "issued_at");
        card.activationDeadline = instant(row, "activation_deadline");
        card.activatedAt = instant(row, "activated_at");
        card.validUntil = instant(row, "valid_until");
        card.lineageId = row.getUUID("lineage_id");
        card.replacedBy = row.getUUID("replaced_by");
        card.denylistVersion = row.getLong("denylist_version");
        card.updatedAt = instant(row, "updated_at");
        String suspendedBy = row.getString("suspended_by");
        card.suspendedBy = suspendedBy == null ? null : Suspender.valueOf(suspendedBy);
        card.suspensionReason = row.getString("suspension_reason");
        card.suspendedAt = instant(row, "suspended_at");
        card.changeWindowStart = instant(row, "change_window_start");
        card.changesInWindow = row.getInteger("changes_in_window");
        return card;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
