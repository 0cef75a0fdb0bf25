package cn.chengyu.pass.card.repository;

import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.CardChange;
import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.card.Suspender;
import cn.chengyu.pass.db.NamedSql;
import cn.chengyu.pass.db.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The card table, on the reactive client with named parameters: the gate path activates cards in
 * its own statements, so every other read and write of a card goes the same way. A status change
 * is made on a row read under its lock (see {@link #findForUpdate}), so of two concurrent changes
 * the second sees what the first did; an activation is a conditional update that waits for that lock.
 */
@ApplicationScoped
public class CardRepository {

    /** Every column of a card, in the order {@link #card(Row)} reads them. */
    public static final String COLUMNS = """
            c.id, c.number, c.product_code, c.owner_subject, c.status, c.category, c.holder_name, c.id_number_hash,
            c.id_number_masked, c.issued_at, c.activation_deadline, c.activated_at, c.valid_until, c.lineage_id,
            c.replaced_by, c.denylist_version, c.updated_at, c.suspended_by, c.suspension_reason, c.suspended_at,
            c.change_window_start, c.changes_in_window""";

    private static final String INSERT = """
            INSERT INTO card (id, number, product_code, owner_subject, status, category, holder_name, id_number_hash,
                              id_number_masked, issued_at, activation_deadline, activated_at, valid_until, lineage_id,
                              replaced_by, denylist_version, updated_at, suspended_by, suspension_reason, suspended_at,
                              change_window_start, changes_in_window)
            VALUES (#{id}, #{number}, #{productCode}, #{ownerSubject}, #{status}, #{category}, #{holderName},
                    #{idNumberHash}, #{idNumberMasked}, #{issuedAt}, #{activationDeadline}, #{activatedAt}, #{validUntil},
                    #{lineageId}, #{replacedBy}, #{denylistVersion}, #{updatedAt}, #{suspendedBy}, #{suspensionReason},
                    #{suspendedAt}, #{changeWindowStart}, #{changesInWindow})
            ON CONFLICT DO NOTHING""";

    /** What a status change may alter; the holder, the product and the dates of issue never change. */
    private static final String UPDATE = """
            UPDATE card SET status = #{status}, replaced_by = #{replacedBy}, denylist_version = #{denylistVersion},
                            updated_at = #{updatedAt}, suspended_by = #{suspendedBy}, suspension_reason = #{suspensionReason},
                            suspended_at = #{suspendedAt}, change_window_start = #{changeWindowStart},
                            changes_in_window = #{changesInWindow}
            WHERE id = #{id}""";

    private final Pool pool;

    public CardRepository(Pool pool) {
        this.pool = pool;
    }

    /** The one mapping of a card row; the row holds {@link #COLUMNS}. */
    public static Card card(Row row) {
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
        card.issuedAt = Rows.instant(row, "issued_at");
        card.activationDeadline = Rows.instant(row, "activation_deadline");
        card.activatedAt = Rows.instant(row, "activated_at");
        card.validUntil = Rows.instant(row, "valid_until");
        card.lineageId = row.getUUID("lineage_id");
        card.replacedBy = row.getUUID("replaced_by");
        card.denylistVersion = row.getLong("denylist_version");
        card.updatedAt = Rows.instant(row, "updated_at");
        String suspendedBy = row.getString("suspended_by");
        card.suspendedBy = suspendedBy == null ? null : Suspender.valueOf(suspendedBy);
        card.suspensionReason = row.getString("suspension_reason");
        card.suspendedAt = Rows.instant(row, "suspended_at");
        card.changeWindowStart = Rows.instant(row, "change_window_start");
        card.changesInWindow = row.getInteger("changes_in_window");
        return card;
    }

    private static Map<String, Object> parameters(Card card) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", card.id);
        values.put("number", card.number);
        values.put("productCode", card.productCode);
        values.put("ownerSubject", card.ownerSubject);
        values.put("status", Rows.name(card.status));
        values.put("category", Rows.name(card.category));
        values.put("holderName", card.holderName);
        values.put("idNumberHash", card.idNumberHash);
        values.put("idNumberMasked", card.idNumberMasked);
        values.put("issuedAt", Rows.timestamp(card.issuedAt));
        values.put("activationDeadline", Rows.timestamp(card.activationDeadline));
        values.put("activatedAt", Rows.timestamp(card.activatedAt));
        values.put("validUntil", Rows.timestamp(card.validUntil));
        values.put("lineageId", card.lineageId);
        values.put("replacedBy", card.replacedBy);
        values.put("denylistVersion", card.denylistVersion);
        values.put("updatedAt", Rows.timestamp(card.updatedAt));
        values.put("suspendedBy", Rows.name(card.suspendedBy));
        values.put("suspensionReason", card.suspensionReason);
        values.put("suspendedAt", Rows.timestamp(card.suspendedAt));
        values.put("changeWindowStart", Rows.timestamp(card.changeWindowStart));
        values.put("changesInWindow", card.changesInWindow);
        return values;
    }

    /** The card, to read and show: one statement outside any transaction (card reads and passes are hot paths). */
    public Uni<Card> find(UUID id) {
        return NamedSql.run(pool, "SELECT " + COLUMNS + " FROM card c WHERE c.id = #{id}",
                        Map.of("id", id)).map(rows -> Rows.first(rows, CardRepository::card));
    }

    /** The card under its row lock until the end of {@code transaction}. */
    public Uni<Card> findForUpdate(SqlClient transaction, UUID id) {
        return NamedSql.run(transaction, "SELECT " + COLUMNS + " FROM card c WHERE c.id = #{id} FOR UPDATE",
                        Map.of("id", id)).map(rows -> Rows.first(rows, CardRepository::card));
    }

    public Uni<List<Card>> listByOwner(String owner, int page, int size) {
        return NamedSql.run(pool, "SELECT " + COLUMNS + " FROM card c WHERE c.owner_subject = #{owner}"
                        + " ORDER BY c.issued_at, c.id LIMIT #{limit} OFFSET #{offset}",
                        Map.of("owner", owner, "limit", size, "offset", (long) page * size))
                .map(rows -> Rows.all(rows, CardRepository::card));
    }

    public Uni<Long> countByOwner(String owner) {
        return NamedSql.run(pool, "SELECT count(*) AS total FROM card WHERE owner_subject = #{owner}",
                        Map.of("owner", owner)).map(rows -> rows.iterator().next().getLong("total"));
    }

    /** A person's live cards of a product, under their row locks. */
    public Uni<List<Card>> liveCardsForUpdate(SqlClient transaction, String idNumberHash, String productCode) {
        return NamedSql.run(transaction, "SELECT " + COLUMNS + " FROM card c WHERE c.id_number_hash = #{hash}"
                        + " AND c.product_code = #{product} AND c.live FOR UPDATE",
                        Map.of("hash", idNumberHash, "product", productCode))
                .map(rows -> Rows.all(rows, CardRepository::card));
    }

    /**
     * Inserts the card unless it breaks a unique rule (its number, or one live card per person
     * and product); answers whether it was inserted.
     */
    public Uni<Boolean> insertIfUnique(SqlClient transaction, Card card) {
        return NamedSql.run(transaction, INSERT, parameters(card)).map(result -> result.rowCount() == 1);
    }

    /** Stores what a status change altered. */
    public Uni<Void> update(SqlClient transaction, Card card) {
        return NamedSql.run(transaction, UPDATE, parameters(card)).replaceWithVoid();
    }

    /**
     * A lineage's live bookings are copied by gates with its current card's number: a replacement
     * gives them a new version, so that a gate asking for changes learns the new number.
     */
    public Uni<Void> touchBookings(SqlClient transaction, UUID lineageId) {
        return NamedSql.run(transaction, """
                        UPDATE reservation SET version = txid_current() WHERE lineage_id = #{lineageId} AND status = 'BOOKED'""",
                        Map.of("lineageId", lineageId)).replaceWithVoid();
    }

    /**
     * Takes the live bookings of the card's lineage (which {@link #touchBookings} then changes) before
     * the card itself, in the order a scan using a booking takes them: a replacement then waits for such
     * a scan instead of deadlocking with it.
     */
    public Uni<Void> lockBookingsOf(SqlClient transaction, UUID cardId) {
        return NamedSql.run(transaction, """
                        SELECT 1 FROM reservation WHERE status = 'BOOKED'
                          AND lineage_id = (SELECT lineage_id FROM card WHERE id = #{cardId}) FOR UPDATE""",
                        Map.of("cardId", cardId)).replaceWithVoid();
    }

    /**
     * The next deny-list version. The advisory lock is held until commit, so versions become
     * visible in order and a gate polling {@code since} never skips one.
     */
    public Uni<Long> nextDenylistVersion(SqlClient transaction) {
        return transaction.query("SELECT pg_advisory_xact_lock(7310001)").execute()
                .chain(() -> transaction.query("SELECT nextval('card_denylist_version') AS version").execute())
                .map(rows -> rows.iterator().next().getLong("version"));
    }

    /** The first {@code limit} cards changed after {@code version}, oldest change first. */
    public Uni<List<CardChange>> denylistedSince(long version, int limit) {
        return NamedSql.run(pool, """
                        SELECT id, number, status, denylist_version FROM card
                        WHERE denylist_version > #{version} ORDER BY denylist_version LIMIT #{limit}""",
                        Map.of("version", version, "limit", limit))
                .map(rows -> Rows.all(rows, row -> new CardChange(row.getUUID("id"), row.getString("number"),
                        CardStatus.valueOf(row.getString("status")), row.getLong("denylist_version"))));
    }
}
