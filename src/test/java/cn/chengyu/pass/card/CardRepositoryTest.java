package cn.chengyu.pass.card;

import cn.chengyu.pass.card.repository.CardRepository;
import cn.chengyu.pass.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The card table's one data path (named-parameter templates, one row mapper): every field of a card
 * reads back as written, the unique rules hold, and a status change stores what it altered.
 */
@QuarkusTest
class CardRepositoryTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    CardRepository cards;

    @Inject
    Pool pool;

    /** A card with every field set, as far as its status allows. */
    private static Card everyFieldSet() {
        Instant now = TestClock.now().truncatedTo(ChronoUnit.MICROS);
        Card card = new Card();
        card.id = UUID.randomUUID();
        card.number = CardNumber.random();
        card.productCode = "ANNUAL";
        card.ownerSubject = "repository-" + card.id;
        card.status = CardStatus.SUSPENDED;
        card.category = Category.SENIOR;
        card.holderName = "杜甫";
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        card.idNumberHash = HexFormat.of().formatHex(hash);
        card.idNumberMasked = "510***********123X";
        card.issuedAt = now.minus(Duration.ofDays(3));
        card.activationDeadline = now.plus(Duration.ofDays(87));
        card.activatedAt = now.minus(Duration.ofDays(2));
        card.validUntil = now.plus(Duration.ofDays(363));
        card.lineageId = UUID.randomUUID();
        card.updatedAt = now;
        card.changeWindowStart = now.minus(Duration.ofHours(1));
        card.changesInWindow = 2;
        card.suspend(Suspender.AUTHORITY, "lost and found", now);
        return card;
    }

    private static void assertSameCard(Card expected, Card actual) throws IllegalAccessException {
        for (Field field : Card.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                assertEquals(field.get(expected), field.get(actual), field.getName());
            }
        }
    }

    @Test
    @RunOnVertxContext
    void everyFieldReadsBackAsWritten(UniAsserter asserter) {
        Card card = everyFieldSet();
        asserter.assertTrue(() -> pool.withTransaction(transaction -> cards.insertIfUnique(transaction, card)));
        asserter.assertThat(() -> cards.find(card.id), found -> {
            try {
                assertSameCard(card, found);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        });
        asserter.assertThat(() -> cards.listByOwner(card.ownerSubject, 0, 10), found -> assertEquals(1, found.size()));
    }

    @Test
    @RunOnVertxContext
    void aSecondLiveCardOfOnePersonAndProductIsNotInserted(UniAsserter asserter) {
        Card first = everyFieldSet();
        Card second = everyFieldSet();
        second.idNumberHash = first.idNumberHash;
        asserter.assertTrue(() -> pool.withTransaction(transaction -> cards.insertIfUnique(transaction, first)));
        asserter.assertFalse(() -> pool.withTransaction(transaction -> cards.insertIfUnique(transaction, second)));
        asserter.assertNull(() -> cards.find(second.id));
        asserter.assertThat(() -> pool.withTransaction(transaction ->
                        cards.liveCardsForUpdate(transaction, first.idNumberHash, first.productCode)),
                live -> assertEquals(first.id, live.get(0).id));
    }

    @Test
    @RunOnVertxContext
    void anUpdateStoresWhatAStatusChangeAltered(UniAsserter asserter) {
        Card card = everyFieldSet();
        asserter.assertTrue(() -> pool.withTransaction(transaction -> cards.insertIfUnique(transaction, card)));
        asserter.assertThat(() -> pool.withTransaction(transaction -> cards.findForUpdate(transaction, card.id)
                .call(locked -> {
                    locked.reinstate();
                    locked.changesInWindow = 3;
                    return cards.nextDenylistVersion(transaction).invoke(version -> locked.denylistVersion = version)
                            .chain(() -> cards.update(transaction, locked));
                }))
                .chain(() -> cards.find(card.id)), reinstated -> {
            assertEquals(CardStatus.ACTIVE, reinstated.status);
            assertEquals(null, reinstated.suspendedBy);
            assertEquals(null, reinstated.suspensionReason);
            assertEquals(3, reinstated.changesInWindow);
            assertTrue(reinstated.denylistVersion > 0);
            assertFalse(reinstated.statusAt(TestClock.now()) == CardStatus.EXPIRED);
        });
    }
}
