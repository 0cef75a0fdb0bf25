package cn.chengyu.pass.card;

import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.newSite;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replacement takes the card's row, then its lineage's bookings; a first scan using a booking
 * takes them the other way round. The test plays the scan in a transaction of its own: it holds
 * the booking, waits until the replacement waits for it, then asks for the card. PostgreSQL aborts
 * the replacement, which waited first, to break the deadlock; it runs again and succeeds.
 */
@QuarkusTest
class CardReplaceDeadlockTest {

    @Inject
    AgroalDataSource database;

    @Test
    void aReplacementAbortedByADeadlockWithAScanRunsAgain() throws Exception {
        TestCard card = newCard("ANNUAL");
        String site = newSite(100);
        given().auth().oauth2(TestTokens.holder(card.holder())).contentType(ContentType.JSON)
                .body(Map.of("site", site, "date", TestClock.today().plusDays(1).toString(), "session", "day"))
                .when().post("/api/v1/cards/" + card.id() + "/reservations").then().statusCode(201);

        CompletableFuture<ValidatableResponse> replacement;
        try (Connection scan = database.getConnection()) {
            scan.setAutoCommit(false);
            run(scan, "SELECT 1 FROM reservation WHERE card_id = ?::uuid FOR UPDATE", card.id());
            replacement = CompletableFuture.supplyAsync(() -> given().auth().oauth2(TestTokens.holder(card.holder()))
                    .when().post("/api/v1/cards/" + card.id() + "/replace").then());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (waitingForALock() == 0) {
                assertTrue(System.nanoTime() < deadline, "the replacement waited for the booking");
            }
            run(scan, "SELECT 1 FROM card WHERE id = ?::uuid FOR UPDATE", card.id());
            scan.commit();
        }
        replacement.get(30, TimeUnit.SECONDS).statusCode(201).body("status", equalTo("ISSUED"));
        assertEquals(1, Rows.count(database, "SELECT count(*) FROM card WHERE id = ?::uuid AND status = 'REPLACED'", card.id()));
    }

    private static void run(Connection connection, String sql, String id) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            statement.executeQuery().close();
        }
    }

    private int waitingForALock() {
        return Rows.count(database, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?",
                "%UPDATE reservation SET version%");
    }
}
