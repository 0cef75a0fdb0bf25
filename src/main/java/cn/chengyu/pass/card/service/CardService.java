package cn.chengyu.pass.card.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.CardNumber;
import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.card.IdNumber;
import cn.chengyu.pass.card.Suspender;
import cn.chengyu.pass.card.repository.CardRepository;
import cn.chengyu.pass.product.Product;
import cn.chengyu.pass.product.repository.ProductRepository;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.security.PiiHasher;
import cn.chengyu.pass.web.PageResult;
import cn.chengyu.pass.web.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Issues cards to real-name holders and moves them through their life. Every change is one
 * transaction on the reactive client (the card's data path, see {@link CardRepository}).
 */
@ApplicationScoped
public class CardService {

    private static final int NUMBER_ATTEMPTS = 5;
    private static final Set<CardStatus> USABLE = EnumSet.of(CardStatus.ISSUED, CardStatus.ACTIVE);
    /** Changes a holder may make to its card's lineage within {@link #CHANGE_WINDOW}. */
    static final int HOLDER_CHANGES_PER_WINDOW = 6;
    private static final Duration CHANGE_WINDOW = Duration.ofDays(1);

    private final Pool pool;
    private final CardRepository cards;
    private final ProductRepository products;
    private final PiiHasher pii;
    private final BusinessTime time;
    private final CardStopped stopped;

    public CardService(Pool pool, CardRepository cards, ProductRepository products, PiiHasher pii, BusinessTime time,
                       CardStopped stopped) {
        this.pool = pool;
        this.cards = cards;
        this.products = products;
        this.pii = pii;
        this.time = time;
        this.stopped = stopped;
    }

    /**
     * Issues a card of {@code productCode} to {@code owner} in the holder's name; 409 when the
     * person already holds a live card of the product.
     */
    public Uni<Card> issue(String owner, String productCode, String holderName, String holderIdNumber) {
        IdNumber idNumber = IdNumber.parse(holderIdNumber, time.today());
        String idHash = pii.hash(idNumber.value());
        Instant now = time.now();
        return products.findById(productCode)
                .onItem().ifNull().failWith(() -> ProblemException.invalidField("productCode", "is not a product on sale"))
                .flatMap(product -> pool.withTransaction(transaction -> expireLapsed(transaction, idHash, product.code, now)
                        .chain(() -> insertWithFreshNumber(transaction,
                                newCard(owner, holderName, idNumber, idHash, product, now), 1))));
    }

    /** Stores EXPIRED on the person's lapsed live cards of the product, so that they no longer block a new one. */
    private Uni<Void> expireLapsed(SqlConnection transaction, String idHash, String productCode, Instant now) {
        return cards.liveCardsForUpdate(transaction, idHash, productCode)
                .onItem().transformToMulti(live -> Multi.createFrom().iterable(live))
                .filter(card -> card.statusAt(now) == CardStatus.EXPIRED)
                .onItem().transformToUniAndConcatenate(card -> {
                    card.status = CardStatus.EXPIRED;
                    card.updatedAt = now;
                    return cards.update(transaction, card);
                })
                .collect().last().replaceWithVoid();
    }

    private Card newCard(String owner, String holderName, IdNumber idNumber, String idHash, Product product, Instant now) {
        Card card = new Card();
        card.id = UUID.randomUUID();
        card.lineageId = card.id;
        card.productCode = product.code;
        card.ownerSubject = owner;
        card.status = CardStatus.ISSUED;
        card.category = Category.of(idNumber.birthDate(), time.today());
        card.holderName = holderName.strip();
        card.idNumberHash = idHash;
        card.idNumberMasked = idNumber.masked();
        card.issuedAt = now;
        card.activationDeadline = now.plus(Duration.ofDays(product.activationWindowDays));
        card.updatedAt = now;
        return card;
    }

    /** Inserts the card, drawing a new random number when the drawn one is taken. */
    private Uni<Card> insertWithFreshNumber(SqlConnection transaction, Card card, int attempt) {
        card.number = CardNumber.random();
        return cards.insertIfUnique(transaction, card).flatMap(inserted -> {
            if (inserted) {
                return Uni.createFrom().item(card);
            }
            return cards.liveCardsForUpdate(transaction, card.idNumberHash, card.productCode).flatMap(live -> {
                if (!live.isEmpty()) {
                    return Uni.createFrom().failure(ProblemException.conflict(
                            "This person already holds a live " + card.productCode + " card."));
                }
                if (attempt >= NUMBER_ATTEMPTS) {
                    return Uni.createFrom().failure(new IllegalStateException("No free card number after " + attempt + " draws"));
                }
                return insertWithFreshNumber(transaction, card, attempt + 1);
            });
        });
    }

    public Uni<PageResult<Card>> listOwn(Caller caller, int page, int size) {
        return cards.countByOwner(caller.subject()).flatMap(total -> cards.listByOwner(caller.subject(), page, size)
                .map(found -> new PageResult<>(found, page, size, total)));
    }

    /** The card if the caller may see it: its owner or an admin. Anyone else learns nothing: 404. */
    public Uni<Card> findVisible(Caller caller, UUID id) {
        return only(cards.find(id), card -> caller.isAdmin() || ownedBy(card, caller), id);
    }

    /** The card if the caller owns it (passes are for the holder's own phone). */
    public Uni<Card> findOwned(Caller caller, UUID id) {
        return only(cards.find(id), card -> ownedBy(card, caller), id);
    }

    /** The same for a card read along with other things: it, if the caller owns it, else the same 404. */
    public static Card owned(Caller caller, UUID id, Card card) {
        if (card == null || !ownedBy(card, caller)) {
            throw ProblemException.notFound("No card " + id + ".");
        }
        return card;
    }

    private static boolean ownedBy(Card card, Caller caller) {
        return card.ownerSubject.equals(caller.subject());
    }

    /** The card found, if the caller may have it; otherwise a 404 that does not tell whether it exists. */
    private static Uni<Card> only(Uni<Card> found, Predicate<Card> allowed, UUID id) {
        return found.map(card -> card != null && allowed.test(card) ? card : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No card " + id + "."));
    }

    /** A card that may be shown at a gate now: issued or active, not expired. */
    public Card requireUsable(Card card) {
        CardStatus status = card.statusAt(time.now());
        if (!USABLE.contains(status)) {
            throw ProblemException.conflict("The card is " + status + " and cannot be used.");
        }
        return card;
    }

    /**
     * Suspends a usable card: a holder for itself (a lost phone), the card authority with a reason.
     * The authority may also take over a holder's suspension, which the holder then cannot lift.
     */
    public Uni<Card> suspend(Caller caller, UUID id, String reason) {
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (!caller.isAdmin()) {
            return change(caller, id, USABLE, (card, now) -> card.suspend(Suspender.HOLDER, why, now));
        }
        if (why == null) {
            throw ProblemException.invalidField("reason", "is required when the card authority suspends a card");
        }
        return change(caller, id, CardStatus.LIVE, (card, now) -> {
            if (card.suspendedBy == Suspender.AUTHORITY && card.status == CardStatus.SUSPENDED) {
                throw ProblemException.conflict("The card authority already suspended this card.");
            }
            card.suspend(Suspender.AUTHORITY, why, now);
        });
    }

    /** Lifts a suspension; one the card authority made only the authority lifts. */
    public Uni<Card> reinstate(Caller caller, UUID id) {
        return change(caller, id, EnumSet.of(CardStatus.SUSPENDED), (card, now) -> {
            requireOwnSuspension(caller, card, "lifted");
            card.reinstate();
        });
    }

    public Uni<Card> revoke(Caller caller, UUID id) {
        return change(caller, id, CardStatus.LIVE, (card, now) -> card.status = CardStatus.REVOKED);
    }

    /**
     * Replaces a card with a new number that keeps its activation, validity and history. The old
     * card is read under its row lock, so a scan activating it meanwhile either comes first (and
     * the replacement is active with the same validity) or waits and is denied as REPLACED. The
     * lineage's bookings, which the replacement re-versions, are taken before the card, in the order
     * such a scan takes them ({@link CardRepository#lockBookingsOf}).
     */
    public Uni<Card> replace(Caller caller, UUID id) {
        Instant now = time.now();
        return pool.withTransaction(transaction -> cards.lockBookingsOf(transaction, id)
                .chain(() -> findToChange(transaction, caller, id))
                .flatMap(old -> replace(transaction, caller, old, now)));
    }

    private Uni<Card> replace(SqlConnection transaction, Caller caller, Card old, Instant now) {
        requireState(old, CardStatus.LIVE, now);
        if (old.status == CardStatus.SUSPENDED) {
            requireOwnSuspension(caller, old, "replaced away");
        }
        countHolderChange(caller, old, now);
        old.status = CardStatus.REPLACED;
        // The old card leaves "one live card per person" before its successor is inserted.
        return stampForGates(transaction, old, now)
                .chain(() -> insertWithFreshNumber(transaction, successorOf(old, now), 1))
                .call(successor -> {
                    old.replacedBy = successor.id;
                    return cards.update(transaction, old);
                })
                .call(() -> cards.touchBookings(transaction, old.lineageId));
    }

    private static Card successorOf(Card old, Instant now) {
        Card card = new Card();
        card.id = UUID.randomUUID();
        card.lineageId = old.lineageId;
        card.productCode = old.productCode;
        card.ownerSubject = old.ownerSubject;
        card.status = old.activatedAt == null ? CardStatus.ISSUED : CardStatus.ACTIVE;
        card.category = old.category;
        card.holderName = old.holderName;
        card.idNumberHash = old.idNumberHash;
        card.idNumberMasked = old.idNumberMasked;
        card.issuedAt = now;
        card.activationDeadline = old.activationDeadline;
        card.activatedAt = old.activatedAt;
        card.validUntil = old.validUntil;
        card.updatedAt = now;
        card.changeWindowStart = old.changeWindowStart;
        card.changesInWindow = old.changesInWindow;
        return card;
    }

    /**
     * A status change that gates must learn of (every one of them: a reinstated card leaves the
     * deny list), made on the card read under its row lock, so that of two concurrent changes (or
     * a change and a first admission) the second sees what the first did. A revocation, or a
     * suspension by the card authority, gives up the lineage's bookings ({@link CardStopped}); they are
     * taken before the card, as a replacement takes them.
     */
    private Uni<Card> change(Caller caller, UUID id, Set<CardStatus> from, BiConsumer<Card, Instant> apply) {
        Instant now = time.now();
        return pool.withTransaction(transaction -> cards.lockBookingsOf(transaction, id)
                .chain(() -> findToChange(transaction, caller, id)).flatMap(card -> {
                    requireState(card, from, now);
                    apply.accept(card, now);
                    countHolderChange(caller, card, now);
                    return stampForGates(transaction, card, now).call(changed -> stopsAdmission(changed)
                            ? stopped.stopped(transaction, changed.lineageId, now) : Uni.createFrom().voidItem());
                }));
    }

    /** Revoked, or suspended by the card authority: not to be admitted, and not through the holder's doing. */
    private static boolean stopsAdmission(Card card) {
        return card.status == CardStatus.REVOKED
                || card.status == CardStatus.SUSPENDED && card.suspendedBy == Suspender.AUTHORITY;
    }

    /**
     * Gives a changed card the next deny-list version, so that gates polling the list learn of it,
     * and stores the change.
     */
    private Uni<Card> stampForGates(SqlConnection transaction, Card card, Instant now) {
        return cards.nextDenylistVersion(transaction).chain(version -> {
            card.denylistVersion = version;
            card.updatedAt = now;
            return cards.update(transaction, card).replaceWith(card);
        });
    }

    /** The card under its row lock, if the caller may see it. */
    private Uni<Card> findToChange(SqlConnection transaction, Caller caller, UUID id) {
        return only(cards.findForUpdate(transaction, id), card -> caller.isAdmin() || ownedBy(card, caller), id);
    }

    /** A holder acts only on its own suspension; the card authority's stands until the authority lifts it. */
    private static void requireOwnSuspension(Caller caller, Card card, String action) {
        if (!caller.isAdmin() && card.suspendedBy == Suspender.AUTHORITY) {
            throw new ProblemException(403, "suspended-by-authority", "Suspended by the card authority",
                    "The card authority suspended this card; it can only be " + action + " by the authority.", null);
        }
    }

    /**
     * Counts a change the holder made to its card's lineage (suspend, reinstate, replace): each one
     * grows or churns every gate's deny list, so a holder makes at most
     * {@value #HOLDER_CHANGES_PER_WINDOW} in a day-long window. The card authority is not counted.
     */
    private static void countHolderChange(Caller caller, Card card, Instant now) {
        if (caller.isAdmin()) {
            return;
        }
        if (card.changeWindowStart == null || !now.isBefore(card.changeWindowStart.plus(CHANGE_WINDOW))) {
            card.changeWindowStart = now;
            card.changesInWindow = 0;
        }
        if (card.changesInWindow >= HOLDER_CHANGES_PER_WINDOW) {
            long retryAfter = Math.max(1, Duration.between(now, card.changeWindowStart.plus(CHANGE_WINDOW)).toSeconds());
            throw ProblemException.tooManyRequests("This card was suspended, reinstated or replaced "
                    + HOLDER_CHANGES_PER_WINDOW + " times within a day; try again later or ask the card authority.", retryAfter);
        }
        card.changesInWindow++;
    }

    private static void requireState(Card card, Set<CardStatus> allowed, Instant now) {
        CardStatus status = card.statusAt(now);
        if (!allowed.contains(status)) {
            throw ProblemException.conflict("Not allowed while the card is " + status + ".");
        }
    }
}
