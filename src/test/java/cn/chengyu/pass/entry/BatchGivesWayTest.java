package cn.chengyu.pass.entry;

import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Metrics;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.newSite;
import static cn.chengyu.pass.support.GateFixtures.postBatch;
import static cn.chengyu.pass.support.GateFixtures.scan;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch's writes wait at most 200 ms for a lock: held longer, the batch gives way and runs again,
 * and a batch that gave way on every try is a 503 that records nothing. The test holds the batch's
 * card itself, in a transaction of its own, where a scan waiting for the batch's counters would.
 */
@QuarkusTest
class BatchGivesWayTest {

    private static final String GAVE_WAY = "chengyu_admission_conflicts_total{cause=\"gave_way\"}";

    @Inject
    AgroalDataSource database;

    @Test
    void aBatchGivesWayWhileItsCardIsHeldAndIsRecordedOnceItIsFree() throws Exception {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        double gaveWay = Metrics.value(GAVE_WAY);
        CompletableFuture<ValidatableResponse> batch;
        try (Connection holder = holding(card)) {
            batch = CompletableFuture.supplyAsync(() -> postBatch(site, oneScanOf(card)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Metrics.value(GAVE_WAY) == gaveWay) {
                assertTrue(System.nanoTime() < deadline, "the batch gave way while the card was held");
            }
            holder.commit();
        }
        batch.get(30, TimeUnit.SECONDS).statusCode(200).body("results.decision", contains("ADMITTED"));
        assertEquals(1, entriesAt(site));
    }

    @Test
    void aBatchThatGivesWayOnEveryTryIsA503ThatRecordsNothing() throws Exception {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        double gaveWay = Metrics.value(GAVE_WAY);
        ValidatableResponse answer;
        try (Connection holder = holding(card)) {
            CompletableFuture<ValidatableResponse> batch = CompletableFuture.supplyAsync(() -> postBatch(site, oneScanOf(card)));
            try {
                answer = batch.get(30, TimeUnit.SECONDS);
            } finally {
                holder.rollback();
            }
        }
        assertProblem(answer, 503).header("Retry-After", "1");
        assertEquals(6, Metrics.value(GAVE_WAY) - gaveWay, 0.001, "the first try and five more");
        assertEquals(0, entriesAt(site));
        assertEquals(0, Rows.count(database, "SELECT count(*) FROM card WHERE id = ?::uuid AND activated_at IS NOT NULL", card.id()));
    }

    /** A transaction of the test's own, holding the card's row as an admission activating it would. */
    private Connection holding(TestCard card) throws Exception {
        Connection holder = database.getConnection();
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM card WHERE id = ?::uuid FOR UPDATE")) {
            lock.setString(1, card.id());
            lock.executeQuery().close();
        }
        return holder;
    }

    private static Map<String, Object> oneScanOf(TestCard card) {
        return Map.of("entries", List.of(scan("cardNumber", card.number(), TestClock.now().minusSeconds(60))));
    }

    private int entriesAt(String site) {
        return Rows.count(database, "SELECT count(*) FROM entry WHERE site_code = ?", site);
    }
}
