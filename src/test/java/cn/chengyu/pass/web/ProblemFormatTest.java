package cn.chengyu.pass.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Errors outside any one resource still answer problem+json. */
@QuarkusTest
class ProblemFormatTest {

    @Test
    void unknownApiPathIsANotFoundProblem() {
        assertProblem(given().when().get("/api/v1/no-such-thing").then(), 404)
                .body("instance", equalTo("/api/v1/no-such-thing"));
    }

    @Test
    void unsupportedMethodIsAMethodNotAllowedProblem() {
        assertProblem(given().when().post("/api/v1/products").then(), 405);
    }

    @Test
    void devTokenEndpointDoesNotExistOutsideDevMode() {
        assertProblem(given().contentType("application/json").body("{\"role\":\"admin\",\"subject\":\"x\"}")
                .when().post("/api/v1/dev/tokens").then(), 404);
    }
}
