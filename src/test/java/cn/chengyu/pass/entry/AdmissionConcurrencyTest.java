package cn.chengyu.pass.entry;

import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Parallel;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import static cn.chengyu.pass.support.GateFixtures.byNumber;
import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.newSite;
import static cn.chengyu.pass.support.GateFixtures.post;
import static cn.chengyu.pass.support.GateFixtures.scan;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real parallel scans, checked by counting rows. */
@QuarkusTest
class AdmissionConcurrencyTest {

    @Inject
    AgroalDataSource database;

    @Test
    void fortySimultaneousScansOfOneCardAdmitOnce() throws Exception {
        String site = newSite(1000);
        TestCard card = newCard("ANNUAL");
        Map<String, Integer> outcomes = fire(40, i -> () -> post(site, byNumber(card.number())).statusCode(201).extract().path("reason"));
        assertEquals(Map.of("ADMITTED", 1, "ALREADY_ENTERED", 39), outcomes);
        assertEquals(1, count("SELECT count(*) FROM entry WHERE card_id = ?::uuid AND decision = 'ADMITTED'", card.id()));
        assertEquals(40, count("SELECT count(*) FROM entry WHERE card_id = ?::uuid", card.id()));
        assertEquals(1, count("SELECT coalesce(sum(admitted), 0) FROM site_day_admissions WHERE site_code = ?", site));
    }

    /**
     * A first scan reads the card, then a replacement commits before the scan activates it: the scan
     * must not activate (and admit) the replaced card, leaving its successor a fresh activation
     * window; it is judged again and denied as replaced.
     */
    @Test
    void aCardReplacedWhileItsFirstScanIsDecidedIsNeitherAdmittedNorActivated() throws Exception {
        String site = newSite(1000);
        TestCard card = newCard("ANNUAL");
        io.restassured.response.Response answer = replacedWhileDecided(card, () -> given().auth()
                .oauth2(TestTokens.gate("race-gate", site)).contentType(ContentType.JSON)
                .body(byNumber(card.number())).when().post("/api/v1/sites/" + site + "/entries").andReturn());
        assertEquals(201, answer.statusCode(), answer.asString());
        assertEquals("DENIED", answer.path("decision"));
        assertEquals("CARD_REPLACED", answer.path("reason"));
        assertEquals(0, count("SELECT count(*) FROM card WHERE id = ?::uuid AND activated_at IS NOT NULL", card.id()));
        assertEquals(0, count("SELECT count(*) FROM entry WHERE card_id = ?::uuid AND decision = 'ADMITTED'", card.id()));
    }

    /**
     * The same race for a batch: it reads the card, then a replacement commits before the batch writes.
     * The batch must see that its activation did not happen and be judged again: the visitor stands
     * admitted offline with the replacement as its conflict, and the replaced card is not activated.
     */
    @Test
    void aCardReplacedWhileItsBatchIsDecidedIsJudgedAgainAsReplaced() throws Exception {
        String site = newSite(1000);
        TestCard card = newCard("ANNUAL");
        io.restassured.response.Response answer = replacedWhileDecided(card, () -> given().auth()
                .oauth2(TestTokens.gate("race-gate", site)).contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(scan("cardNumber", card.number(), TestClock.now().minusSeconds(60)))))
                .when().post("/api/v1/sites/" + site + "/entries/batch").andReturn());
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals("ADMITTED", answer.path("results[0].decision"));
        assertEquals("CARD_REPLACED", answer.path("results[0].conflict"));
        assertEquals(0, count("SELECT count(*) FROM card WHERE id = ?::uuid AND activated_at IS NOT NULL", card.id()));
        assertEquals(1, count("SELECT count(*) FROM entry WHERE card_id = ?::uuid", card.id()));
        assertEquals(1, count("SELECT count(*) FROM settlement_line l JOIN entry e USING (entry_id) "
                + "WHERE e.card_id = ?::uuid AND l.status = 'DISPUTED'", card.id()));
    }

    /**
     * Sends {@code request} while the card's row is held, waits until the request waits for it (it
     * has read the card and wants to write), replaces the card and lets the request go on.
     */
    private io.restassured.response.Response replacedWhileDecided(TestCard card,
                                                                  Callable<io.restassured.response.Response> request) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection replacement = database.getConnection()) {
            replacement.setAutoCommit(false);
            try (PreparedStatement lock = replacement.prepareStatement("SELECT 1 FROM card WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, card.id());
                lock.executeQuery().close();
            }
            Future<io.restassured.response.Response> answer = pool.submit(request);
            awaitAWaitingLock();
            try (PreparedStatement replace = replacement.prepareStatement(
                    "UPDATE card SET status = 'REPLACED', denylist_version = nextval('card_denylist_version') WHERE id = ?::uuid")) {
                replace.setString(1, card.id());
                replace.executeUpdate();
            }
            replacement.commit();
            return answer.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
    }

    private void awaitAWaitingLock() {
        await("the scan waits for the card's row").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> count("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype <> ?", "virtualxid") > 0);
    }

    @Test
    void sixtyCardsAtCapacityTwentyAdmitTwenty() throws Exception {
        String site = newSite(20);
        List<TestCard> cards = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            cards.add(newCard("ANNUAL"));
        }
        Map<String, Integer> outcomes = fire(60, i -> () -> post(site, byNumber(cards.get(i).number())).statusCode(201).extract().path("reason"));
        assertEquals(Map.of("ADMITTED", 20, "SITE_FULL", 40), outcomes);
        assertEquals(20, count("SELECT count(*) FROM entry WHERE site_code = ? AND decision = 'ADMITTED'", site));
        assertEquals(40, count("SELECT count(*) FROM entry WHERE site_code = ? AND reason = 'SITE_FULL'", site));
        assertEquals(20, count("SELECT coalesce(sum(admitted), 0) FROM site_day_admissions WHERE site_code = ?", site));
        // A refused admission undid itself whole: no settlement line, and the card it would have activated is not.
        assertEquals(20, count("SELECT count(*) FROM settlement_line WHERE site_code = ?", site));
        assertEquals(20, count("SELECT count(DISTINCT c.id) FROM card c JOIN entry e ON e.card_id = c.id "
                + "WHERE e.site_code = ? AND c.activated_at IS NOT NULL", site));
    }

    @Test
    void scansKeepFlowingWhileTheirSiteIsLoadedAgainUnderFullLoad() throws Exception {
        // 64 scans kept in flight for 3 s hold the pool's 20 connections busy while the site's held copy (a
        // second) runs out: its reload needs a connection of its own, which no scan may hold while it waits.
        String site = newSite(1_000_000);
        TestCard card = newCard("ANNUAL");
        post(site, byNumber(card.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI entries = URI.create("http://localhost:" + RestAssured.port + "/api/v1/sites/" + site + "/entries");
        String token = TestTokens.gate("gate-of-" + site, site);
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            inFlight.acquire();
            HttpRequest scan = HttpRequest.newBuilder(entries).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"entryId\":\"" + UUID.randomUUID() + "\",\"cardNumber\":\"" + card.number() + "\"}"))
                    .build();
            answers.add(client.sendAsync(scan, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((answer, failure) -> inFlight.release()).thenApply(HttpResponse::statusCode));
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        for (CompletableFuture<Integer> answer : answers) {
            statuses.merge(answer.get(30, TimeUnit.SECONDS), 1, Integer::sum);
        }
        assertEquals(Map.of(201, answers.size()), statuses);
        assertTrue(answers.size() > 64, "scans sent: " + answers.size());
    }

    @Test
    void twoSitesActivatingOneCardAtOnceAgreeOnOneActivation() throws Exception {
        for (int round = 0; round < 5; round++) {
            String first = newSite(100);
            String second = newSite(100);
            TestCard card = newCard("ANNUAL");
            Map<String, Integer> outcomes = fire(2, i -> () -> post(i == 0 ? first : second, byNumber(card.number()))
                    .statusCode(201).extract().path("reason"));
            assertEquals(Map.of("ADMITTED", 2), outcomes);
            try (Connection connection = database.getConnection();
                 PreparedStatement query = connection.prepareStatement("""
                         SELECT c.activated_at, c.valid_until, array_agg(e.scanned_at) AS scans
                         FROM card c JOIN entry e ON e.card_id = c.id WHERE c.id = ?::uuid GROUP BY c.id""")) {
                query.setString(1, card.id());
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next());
                    Timestamp activatedAt = row.getTimestamp(1);
                    List<Timestamp> scans = List.of((Timestamp[]) row.getArray(3).getArray());
                    assertTrue(scans.contains(activatedAt), "activation is the time of one of the admissions");
                    assertEquals(activatedAt.toInstant().plusSeconds(365L * 24 * 3600), row.getTimestamp(2).toInstant());
                }
            }
        }
    }

    @Test
    void batchesAndScansOverTheSameCardsAtOnceAllCommit() throws Exception {
        String site = newSite(10_000);
        List<TestCard> cards = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cards.add(newCard("ANNUAL"));
        }
        int gates = 6;
        int perBatch = 60;
        int scans = 24;
        Random random = new Random(42);
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int g = 0; g < gates; g++) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                entries.add(scan("cardNumber", cards.get(random.nextInt(cards.size())).number(),
                        TestClock.now().minusSeconds(60 + random.nextInt(3600))));
            }
            batches.add(entries);
        }
        // Batches and scans take the same cards, limit keys and the site's day in different orders:
        // when the database aborts one of two that wait on each other, it must run again, not fail.
        Map<String, Integer> outcomes = fire(gates + scans, i -> i < gates
                ? () -> String.valueOf(uploadUntilTaken(site, "batch-gate-" + i, batches.get(i)))
                : () -> String.valueOf(post(site, byNumber(cards.get(i % cards.size()).number())).extract().statusCode()));
        assertEquals(Map.of("200", gates, "201", scans), outcomes);
        assertEquals(gates * perBatch + scans, count("SELECT count(*) FROM entry WHERE site_code = ?", site));
        // Each card's first admission of a day stands without conflict; every later one is ALREADY_ENTERED.
        assertEquals(count("SELECT count(DISTINCT (card_id, business_day)) FROM entry WHERE site_code = ? "
                        + "AND coalesce(conflict, reason, '') <> 'SITE_CLOSED'", site),
                count("SELECT count(*) FROM entry WHERE site_code = ? AND decision = 'ADMITTED' AND conflict IS NULL", site));
        assertEquals(count("SELECT count(*) FROM entry WHERE site_code = ? AND decision = 'ADMITTED'", site),
                count("SELECT coalesce(sum(admitted), 0) FROM site_day_admissions WHERE site_code = ?", site));
    }

    /** Uploads a batch as a gate does: a 503 (other batches of the site first) is sent again after its Retry-After. */
    private static int uploadUntilTaken(String site, String gate, List<Map<String, Object>> entries) {
        AtomicReference<io.restassured.response.Response> answer = new AtomicReference<>();
        // A gate sends a refused batch again after a pause (Retry-After says 2 s); this one tries each second.
        await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
            answer.set(given().auth().oauth2(TestTokens.gate(gate, site)).contentType(ContentType.JSON)
                    .body(Map.of("entries", entries)).when().post("/api/v1/sites/" + site + "/entries/batch").andReturn());
            return answer.get().statusCode() != 503;
        });
        return answer.get().statusCode();
    }

    /** Fires {@code n} requests at once; counts the answers' reasons (null counts as ADMITTED). */
    private static Map<String, Integer> fire(int n, IntFunction<Callable<String>> request) throws Exception {
        return Parallel.fire(n, request, "ADMITTED");
    }

    private int count(String sql, String value) {
        return Rows.count(database, sql, value);
    }
}
