package cn.chengyu.pass.entry;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.support.GateFixtures;
import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.newSite;
import static cn.chengyu.pass.support.GateFixtures.postBatch;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class EntryBatchTest {

    @Inject
    AgroalDataSource database;

    /**
     * A moment {@code back} ago, but not before today began in Asia/Shanghai: occupancy counts
     * today's admissions, and these tests also run in the first hour of a day there.
     */
    @AfterEach
    void clockBack() {
        TestClock.reset();
    }

    private static Instant earlierToday(Duration back) {
        Instant startOfDay = TestClock.today().atStartOfDay(BusinessTime.ZONE).toInstant();
        Instant at = TestClock.now().minus(back);
        return at.isBefore(startOfDay) ? startOfDay : at;
    }

    private static Map<String, Object> item(String number, Instant at) {
        return Map.of("entryId", UUID.randomUUID().toString(), "cardNumber", number, "scannedAt", at.toString());
    }

    @Test
    void offlineAdmissionsStandWithTheirConflicts() {
        String site = newSite(100);
        TestCard good = newCard("ANNUAL");
        TestCard suspended = newCard("ANNUAL");
        given().auth().oauth2(TestTokens.holder(suspended.holder())).when().post("/api/v1/cards/" + suspended.id() + "/suspend")
                .then().statusCode(200);
        Instant hourAgo = earlierToday(Duration.ofHours(1));
        Map<String, Object> batch = Map.of("entries", List.of(
                item(good.number(), hourAgo),
                item(suspended.number(), hourAgo.plusSeconds(1)),
                item("4539578763621486", hourAgo.plusSeconds(2)),
                item(good.number(), hourAgo.plusSeconds(3))));
        String first = postBatch(site, batch).statusCode(200)
                .body("results.decision", contains("ADMITTED", "ADMITTED", "ADMITTED", "ADMITTED"))
                .body("results.conflict", contains(null, "CARD_SUSPENDED", "CARD_UNKNOWN", "ALREADY_ENTERED"))
                .extract().asString();
        assertEquals(first, postBatch(site, batch).statusCode(200).extract().asString(), "a replayed batch answers identical results");
        given().when().get("/api/v1/sites/" + site + "/occupancy").then().body("admitted", equalTo(4));
        given().auth().oauth2(TestTokens.holder(good.holder())).when().get("/api/v1/cards/" + good.id())
                .then().body("status", equalTo("ACTIVE"));
    }

    @Test
    void aCardActivatedEarlierInABatchIsSeenActivatedByItsLaterScans() {
        // the card's activation window closed two days ago; the batch's first scan came just before that
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        Rows.update(database, "UPDATE card SET activation_deadline = now() - interval '2 days' WHERE id = ?::uuid", card.id());
        Instant first = TestClock.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.DAYS);
        postBatch(site, Map.of("entries", List.of(item(card.number(), first), item(card.number(), first.plus(2, ChronoUnit.DAYS)))))
                .statusCode(200)
                .body("results.decision", contains("ADMITTED", "ADMITTED"))
                .body("results.conflict", contains(null, null));
        given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id())
                .then().body("status", equalTo("ACTIVE")).body("activatedAt", equalTo(first.toString()));
    }

    @Test
    void aScanBeforeTheCardsFirstKnownUseMovesItsActivationThere() {
        // validity runs 72 hours from the first use, whenever the scan of that use arrives
        TestCard card = newCard("PASS_72H");
        Instant issued = TestClock.now().truncatedTo(ChronoUnit.SECONDS);
        TestClock.advance(Duration.ofHours(3));
        GateFixtures.post(newSite(100), GateFixtures.byNumber(card.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        Instant offline = issued.plus(1, ChronoUnit.HOURS);
        postBatch(newSite(100), Map.of("entries", List.of(item(card.number(), offline)))).statusCode(200)
                .body("results.decision", contains("ADMITTED")).body("results.conflict", contains((String) null));
        given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id()).then()
                .body("activatedAt", equalTo(offline.toString()))
                .body("validUntil", equalTo(offline.plus(72, ChronoUnit.HOURS).toString()));

        // an online scan the gate timed earlier still (its clock, a queue held back) does the same
        Instant online = issued.plus(30, ChronoUnit.MINUTES);
        GateFixtures.post(newSite(100), GateFixtures.scan("cardNumber", card.number(), online)).statusCode(201)
                .body("decision", equalTo("ADMITTED"));
        given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id()).then()
                .body("activatedAt", equalTo(online.toString()))
                .body("validUntil", equalTo(online.plus(72, ChronoUnit.HOURS).toString()));

        // a scan timed before the card was issued (a gate's clock running behind) moves nothing
        GateFixtures.post(newSite(100), GateFixtures.scan("cardNumber", card.number(), issued.minus(1, ChronoUnit.HOURS)))
                .statusCode(201);
        postBatch(newSite(100), Map.of("entries", List.of(item(card.number(), issued.minus(2, ChronoUnit.HOURS))))).statusCode(200);
        given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id()).then()
                .body("activatedAt", equalTo(online.toString()));
    }

    @Test
    void offlineAdmissionsBeyondCapacityAreKeptAndCounted() {
        String site = newSite(1);
        Instant at = earlierToday(Duration.ofMinutes(10));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(item(newCard("ANNUAL").number(), at.plusSeconds(i)));
        }
        postBatch(site, Map.of("entries", items)).statusCode(200)
                .body("results.decision", contains("ADMITTED", "ADMITTED", "ADMITTED"))
                .body("results.conflict", contains(null, "SITE_FULL", "SITE_FULL"));
        given().when().get("/api/v1/sites/" + site + "/occupancy").then().body("admitted", equalTo(3));
    }

    @Test
    void malformedItemRejectsTheWholeBatch() {
        String site = newSite(100);
        Instant at = TestClock.now().minus(1, ChronoUnit.MINUTES);
        Map<String, Object> batch = Map.of("entries", List.of(item(newCard("ANNUAL").number(), at), item("4539578763621487", at)));
        assertProblem(postBatch(site, batch), 400).body("errors[0].field", equalTo("entries[1].cardNumber"));
        given().when().get("/api/v1/sites/" + site + "/occupancy").then().body("admitted", equalTo(0));
    }

    @Test
    void batchOfMoreThanFiveHundredIsRejected() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            items.add(item("4539578763621486", TestClock.now().minusSeconds(60)));
        }
        assertProblem(postBatch(newSite(10), Map.of("entries", items)), 400);
    }

    @Test
    void missingScanTimeIsRejected() {
        assertProblem(postBatch(newSite(10), Map.of("entries", List.of(Map.of("entryId", UUID.randomUUID().toString(),
                "cardNumber", "4539578763621486")))), 400).body("errors[0].field", equalTo("entries[0].scannedAt"));
    }
}
