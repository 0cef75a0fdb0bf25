package cn.chengyu.pass.web;

import cn.chengyu.pass.support.GateFixtures;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class HealthAndMetricsTest {

    @Inject
    AgroalDataSource database;

    @Test
    void serviceIsLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessChecksPostgresAndReportsTheCache() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'postgresql' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'redis-cache' }.data.reachable", equalTo(true));
    }

    @Test
    void readinessStaysUpWhileEveryConnectionServingRequestsIsBusy() throws Exception {
        int poolSize = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.max-size", Integer.class);
        String card = GateFixtures.newCard("ANNUAL").id();
        ExecutorService clients = Executors.newFixedThreadPool(poolSize + 4);
        List<CompletableFuture<Integer>> suspensions = new ArrayList<>();
        try (Connection holder = database.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM card WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, card);
                lock.executeQuery().close();
            }
            // each suspension holds a connection of the request pool while it waits for the card's row: the pool is used up
            for (int i = 0; i < poolSize + 4; i++) {
                suspensions.add(CompletableFuture.supplyAsync(() -> given().auth().oauth2(TestTokens.admin())
                        .contentType(ContentType.JSON).body(Map.of("reason", "Peak test"))
                        .when().post("/api/v1/cards/" + card + "/suspend").then().extract().statusCode(), clients));
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> waitingForLocks() >= poolSize);

            given().when().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'postgresql' }.status", equalTo("UP"));
            holder.rollback();
        } finally {
            clients.shutdown();
        }
        List<Integer> statuses = suspensions.stream().map(CompletableFuture::join).toList();
        assertEquals(1, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
    }

    private int waitingForLocks() throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void prometheusMetricsArePublished() {
        given().when().get("/api/v1/sites/cq-dazu").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("uri=\"/api/v1/sites/{code}\""));
    }
}
