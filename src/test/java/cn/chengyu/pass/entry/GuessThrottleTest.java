package cn.chengyu.pass.entry;

import cn.chengyu.pass.card.CardNumber;
import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.RedisControl;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.chengyu.pass.support.GateFixtures.byNumber;
import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.newSite;
import static cn.chengyu.pass.support.GateFixtures.passOf;
import static cn.chengyu.pass.support.GateFixtures.scan;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gate that scans too many unknown card numbers is refused card-number scans for a while (429). */
@QuarkusTest
class GuessThrottleTest {

    /** The default limit; the test profile counts over one hour, so a window cannot end mid-test. */
    private static final int LIMIT = 20;

    @Inject
    AgroalDataSource database;

    @BeforeEach
    void notAtTheEndOfAWindow() {
        // counts go to Redis: an earlier test may have left the service skipping it for a few seconds
        RedisControl.awaitThroughTheGuard();
        Instant now = TestClock.now();
        Instant next = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        if (Duration.between(now, next).compareTo(Duration.ofSeconds(15)) < 0) {
            TestClock.advance(Duration.between(now, next).plusMillis(100));
        }
    }

    @AfterEach
    void clockBack() {
        TestClock.reset();
    }

    private static ValidatableResponse post(String gate, String site, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.gate(gate, site)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/sites/" + site + "/entries").then();
    }

    private static void guess(String gate, String site, int times) {
        for (int i = 0; i < times; i++) {
            post(gate, site, byNumber(CardNumber.random())).statusCode(201).body("reason", equalTo("CARD_UNKNOWN"));
        }
    }

    @Test
    void aGateOverTheLimitIsRefusedCardNumberScansButStillTakesPasses() {
        String site = newSite(100);
        String gate = "guesser-" + UUID.randomUUID();
        TestCard card = newCard("ANNUAL");
        guess(gate, site, LIMIT);

        Map<String, Object> refused = byNumber(card.number());
        String retryAfter = assertProblem(post(gate, site, refused), 429)
                .body("detail", containsString("unknown card numbers"))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 3600, "Retry-After " + retryAfter);
        assertEquals(0, Rows.count(database, "select count(*) from entry where entry_id = ?::uuid", (String) refused.get("entryId")));
        assertProblem(post(gate, site, byNumber(CardNumber.random())), 429);

        // A pass cannot be guessed: the same gate still admits it.
        post(gate, site, scan("pass", passOf(card), null)).statusCode(201).body("decision", equalTo("ADMITTED"));
        // Another gate at the same site is not affected.
        post("other-" + gate, site, byNumber(card.number())).statusCode(201).body("reason", equalTo("ALREADY_ENTERED"));
    }

    @Test
    void aThrottledGateStillGetsTheAnswersItLost() {
        String site = newSite(100);
        String gate = "retrier-" + UUID.randomUUID();
        Map<String, Object> admitted = byNumber(newCard("ANNUAL").number());
        String admittedAt = post(gate, site, admitted).statusCode(201).body("decision", equalTo("ADMITTED"))
                .extract().path("recordedAt");
        guess(gate, site, LIMIT - 1);
        Map<String, Object> lastGuess = byNumber(CardNumber.random());
        String deniedAt = post(gate, site, lastGuess).statusCode(201).body("reason", equalTo("CARD_UNKNOWN"))
                .extract().path("recordedAt");
        assertProblem(post(gate, site, byNumber(CardNumber.random())), 429);

        // retries of scans already recorded (their answers were lost on the way) answer what was recorded
        post(gate, site, lastGuess).statusCode(201).body("reason", equalTo("CARD_UNKNOWN")).body("recordedAt", equalTo(deniedAt));
        post(gate, site, admitted).statusCode(201).body("decision", equalTo("ADMITTED")).body("recordedAt", equalTo(admittedAt));
        // the same entry id with another body is still a 422, and anything new still a 429
        Map<String, Object> edited = new HashMap<>(lastGuess);
        edited.put("cardNumber", CardNumber.random());
        assertProblem(post(gate, site, edited), 422);
        assertProblem(post(gate, site, byNumber(CardNumber.random())), 429);
    }

    @Test
    void aRetriedGuessDoesNotCountAgain() {
        String site = newSite(100);
        String gate = "repeater-" + UUID.randomUUID();
        guess(gate, site, LIMIT - 2);
        Map<String, Object> guess = byNumber(CardNumber.random());
        for (int i = 0; i < 5; i++) {
            post(gate, site, guess).statusCode(201).body("reason", equalTo("CARD_UNKNOWN"));
        }
        guess(gate, site, 1);
        assertProblem(post(gate, site, byNumber(CardNumber.random())), 429);
    }

    @Test
    void aGuessWhoseDenialIsNotCommittedIsTakenBack() {
        String site = newSite(100);
        String gate = "uncommitted-" + UUID.randomUUID();
        List<Map<String, Object>> sent = new ArrayList<>();
        try {
            // every scan this gate records fails at its commit, as when the database fails then
            Rows.update(database, "CREATE OR REPLACE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$");
            Rows.update(database, "CREATE CONSTRAINT TRIGGER refused_at_commit AFTER INSERT ON entry DEFERRABLE INITIALLY DEFERRED "
                    + "FOR EACH ROW WHEN (NEW.gate_subject = '" + gate + "') EXECUTE FUNCTION refuse_at_commit()");
            for (int i = 0; i < LIMIT; i++) {
                sent.add(byNumber(CardNumber.random()));
                post(gate, site, sent.get(i)).statusCode(500);
            }
        } finally {
            Rows.update(database, "DROP TRIGGER IF EXISTS refused_at_commit ON entry");
            Rows.update(database, "DROP FUNCTION IF EXISTS refuse_at_commit()");
        }
        // nothing was recorded, so nothing counts: the gate sends its scans again, and they are judged
        for (Map<String, Object> again : sent) {
            post(gate, site, again).statusCode(201).body("reason", equalTo("CARD_UNKNOWN"));
        }
        assertEquals(LIMIT, Rows.count(database, "SELECT count(*) FROM entry WHERE gate_subject = ?", gate));
    }

    @Test
    void knownCardNumbersDoNotCount() {
        String site = newSite(100);
        String gate = "busy-" + UUID.randomUUID();
        guess(gate, site, LIMIT - 1);
        for (int i = 0; i < 5; i++) {
            post(gate, site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        }
        guess(gate, site, 1);
        assertProblem(post(gate, site, byNumber(CardNumber.random())), 429);
    }

    @Test
    void unknownNumbersInABatchCountAndAThrottledGateMustUploadLater() {
        String site = newSite(100);
        String gate = "batcher-" + UUID.randomUUID();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            entries.add(scan("cardNumber", CardNumber.random(), TestClock.now().minusSeconds(60)));
        }
        List<String> recorded = batch(gate, site, entries).statusCode(200)
                .body("results.conflict", org.hamcrest.Matchers.everyItem(equalTo("CARD_UNKNOWN"))).extract().path("results.recordedAt");
        // the gate is at its limit, but the retry of a batch already recorded answers what was recorded
        batch(gate, site, entries).statusCode(200).body("results.recordedAt", equalTo(recorded));
        List<Map<String, Object>> later = List.of(scan("cardNumber", newCard("ANNUAL").number(), TestClock.now().minusSeconds(30)));
        assertProblem(batch(gate, site, later), 429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertEquals(0, Rows.count(database, "select count(*) from entry where entry_id = ?::uuid", (String) later.get(0).get("entryId")));
    }

    @Test
    void theUnknownNumbersOfABatchThatWasNotRecordedAreTakenBack() throws Exception {
        String site = newSite(100);
        String gate = "resender-" + UUID.randomUUID();
        TestCard held = newCard("ANNUAL");
        List<Map<String, Object>> entries = new ArrayList<>();
        entries.add(scan("cardNumber", held.number(), TestClock.now().minusSeconds(90)));
        for (int i = 0; i < LIMIT - 5; i++) {
            entries.add(scan("cardNumber", CardNumber.random(), TestClock.now().minusSeconds(60)));
        }
        // the batch's known card is held by another transaction: the batch gives way on every try, a 503
        try (Connection holder = database.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM card WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, held.id());
                lock.executeQuery().close();
            }
            assertProblem(batch(gate, site, entries), 503);
            holder.rollback();
        }
        // sent again, its 15 unknown numbers count once: under the limit of 20, it is recorded
        batch(gate, site, entries).statusCode(200).body("results.conflict[0]", nullValue())
                .body("results.conflict[1]", equalTo("CARD_UNKNOWN"));
    }

    @Test
    void aBatchWithMoreUnknownNumbersThanTheLimitIsRefusedWholeBeforeItRuns() {
        String site = newSite(100);
        String gate = "prober-" + UUID.randomUUID();
        List<Map<String, Object>> entries = new ArrayList<>();
        entries.add(scan("cardNumber", newCard("ANNUAL").number(), TestClock.now().minusSeconds(90)));
        for (int i = 0; i < LIMIT + 5; i++) {
            entries.add(scan("cardNumber", CardNumber.random(), TestClock.now().minusSeconds(60)));
        }
        assertProblem(batch(gate, site, entries), 429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        for (Map<String, Object> entry : entries) {
            assertEquals(0, Rows.count(database, "select count(*) from entry where entry_id = ?::uuid", (String) entry.get("entryId")));
        }
    }

    @Test
    void withRedisAwayNobodyIsThrottled() throws Exception {
        String site = newSite(100);
        String gate = "outage-" + UUID.randomUUID();
        guess(gate, site, LIMIT);
        assertProblem(post(gate, site, byNumber(CardNumber.random())), 429);
        RedisControl.stop();
        try {
            long started = System.nanoTime();
            post(gate, site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 2_000, "the scan took " + millis + " ms with Redis down");
        } finally {
            RedisControl.start();
        }
        // Once Redis answers again the gate is counted again (whether or not Redis kept its count).
        await("the throttle is back after Redis returned").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> post(gate, site, byNumber(CardNumber.random())).extract().statusCode(), equalTo(429));
    }

    private static ValidatableResponse batch(String gate, String site, List<Map<String, Object>> entries) {
        return given().auth().oauth2(TestTokens.gate(gate, site)).contentType(ContentType.JSON).body(Map.of("entries", entries))
                .when().post("/api/v1/sites/" + site + "/entries/batch").then();
    }
}
