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
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A replacement re-versions its lineage's bookings and changes the card; a first scan using a
 * booking takes the booking, then the card. The replacement takes them in the same order, so the two
 * wait for each other instead of deadlocking (which PostgreSQL would end by aborting one, a 500).
 * The test plays the scan in a transaction of its own: it holds the booking, waits until the
 * replacement waits for it, then takes the card.
 */
@QuarkusTest
class CardReplaceLockOrderTest {

    @Inject
    AgroalDataSource database;

    @Test
    void aReplacementWaitsForAScanHoldingItsBookingInsteadOfDeadlocking() throws Exception {
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
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> waitingForALock() == 1);
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
                "%reservation%");
    }
}
