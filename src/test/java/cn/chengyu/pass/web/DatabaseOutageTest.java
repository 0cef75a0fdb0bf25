package cn.chengyu.pass.web;

import cn.chengyu.pass.embedded.FreePort;
import cn.chengyu.pass.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

/**
 * Requests while PostgreSQL cannot be reached: the service is started with its request pool
 * pointed at a port where nothing listens (migrations ran against the real server), so every
 * request that needs the database finds it away. They answer 503 problems at once, never a 500
 * or a hang, and readiness says the database is down.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.DatabaseAway.class)
class DatabaseOutageTest {

    public static class DatabaseAway implements QuarkusTestProfile {
        /** The request pool on a port that was free a moment ago; nothing is started on it. */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + FreePort.find() + "/postgres");
        }
    }

    @Test
    void aScanAnswers503WithRetryAfter() {
        String site = "cq-hongyadong";
        assertProblem(given().auth().oauth2(TestTokens.gate("outage-gate", site)).contentType(ContentType.JSON)
                .body(Map.of("entryId", UUID.randomUUID().toString(), "cardNumber", "4111111111111111"))
                .when().post("/api/v1/sites/" + site + "/entries").then(), 503)
                .header("Retry-After", "2")
                .body("type", equalTo("urn:chengyu-pass:problem:database-unavailable"))
                .time(lessThan(5_000L));
    }

    @Test
    void readsThroughHibernateAnswer503Too() {
        assertProblem(given().when().get("/api/v1/sites").then(), 503).header("Retry-After", "2");
        assertProblem(given().auth().oauth2(TestTokens.holder("outage-holder")).when().get("/api/v1/cards").then(), 503);
    }

    @Test
    void readinessIsDown() {
        given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
