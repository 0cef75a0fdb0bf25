package cn.chengyu.pass.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class HealthAndMetricsTest {

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
    void prometheusMetricsArePublished() {
        given().when().get("/api/v1/sites/cq-dazu").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("uri=\"/api/v1/sites/{code}\""));
    }
}
