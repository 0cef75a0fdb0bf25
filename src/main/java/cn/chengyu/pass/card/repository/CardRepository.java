package cn.chengyu.pass.card.repository;

import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.CardStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reads and writes cards; every state change is a conditional statement, so concurrent changes cannot both win. */
@ApplicationScoped
@WithSession
public class CardRepository implements PanacheRepositoryBase<Card, UUID> {

    private static final List<String> LIVE = CardStatus.LIVE.stream().map(Enum::name).toList();
    public Uni<List<Card>> listByOwner(String owner, int page, int size) {
        return find("ownerSubject", Sort.by("issuedAt").and("id"), owner).page(Page.of(page, size)).list();
    }

    public Uni<Long> countByOwner(String owner) {
        return count("ownerSubject", owner);
    }

    /** Stores EXPIRED on a person's lapsed live cards of a product, so that they no longer block a new one. */
    public Uni<Integer> expireLapsed(String idNumberHash, String productCode, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        UPDATE card SET status = 'EXPIRED', updated_at = :now
                        WHERE id_number_hash = :hash AND product_code = :product AND status IN (:live)
                          AND ((activated_at IS NULL AND activation_deadline < :now) OR valid_until < :now)
                        """)
                .setParameter("hash", idNumberHash)
                .setParameter("product", productCode)
                .setParameter("live", LIVE)
                .setParameter("now", now)
                .executeUpdate());
    }

    /**
     * Inserts the card unless it breaks a unique rule (its number, or one live card per person
     * and product); answers whether it was inserted.
     */
    public Uni<Boolean> insertIfUnique(Card card) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO card (id, number, product_code, owner_subject, status, category, holder_name,
                                          id_number_hash, id_number_masked, issued_at, activation_deadline,
                                          activated_at, valid_until, lineage_id, updated_at, change_window_start,
                                          changes_in_window)
                        VALUES (:id, :number, :product, :owner, :status, :category, :name, :hash, :masked,
                                :issuedAt, :deadline, CAST(:activatedAt AS timestamptz), CAST(:validUntil AS timestamptz),
                                :lineage, :issuedAt, CAST(:changeWindowStart AS timestamptz), :changes)
                        ON CONFLICT DO NOTHING
                        """)
                .setParameter("id", card.id)
                .setParameter("number", card.number)
                .setParameter("product", card.productCode)
                .setParameter("owner", card.ownerSubject)
                .setParameter("status", card.status.name())
                .setParameter("category", card.category.name())
                .setParameter("name", card.holderName)
                .setParameter("hash", card.idNumberHash)
                .setParameter("masked", card.idNumberMasked)
                .setParameter("issuedAt", card.issuedAt)
                .setParameter("deadline", card.activationDeadline)
                .setParameter("activatedAt", card.activatedAt)
                .setParameter("validUntil", card.validUntil)
                .setParameter("lineage", card.lineageId)
                .setParameter("changeWindowStart", card.changeWindowStart)
                .setParameter("changes", card.changesInWindow)
                .executeUpdate()
                .map(rows -> rows == 1));
    }

    public Uni<Boolean> liveCardExists(String idNumberHash, String productCode) {
        return count("idNumberHash = ?1 and productCode = ?2 and status in ?3",
                idNumberHash, productCode, CardStatus.LIVE).map(count -> count > 0);
    }

    /**
     * The next deny-list version. The advisory lock is held until commit, so versions become
     * visible in order and a gate polling {@code since} never skips one.
     */
    public Uni<Long> nextDenylistVersion() {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT pg_advisory_xact_lock(7310001)").getSingleResult()
                .flatMap(locked -> session.createNativeQuery("SELECT nextval('card_denylist_version')", Long.class)
                        .getSingleResult()));
    }

    /** A card as the deny list shows it: no holder, nothing personal. */
    public record DenylistRow(UUID id, String number, CardStatus status, Long denylistVersion) {
    }

    /** The first {@code limit} cards changed after {@code version}, oldest change first. */
    public Uni<List<DenylistRow>> denylistedSince(long version, int limit) {
        return find("denylistVersion > ?1", Sort.by("denylistVersion"), version)
                .project(DenylistRow.class).range(0, limit - 1).list();
    }
}
