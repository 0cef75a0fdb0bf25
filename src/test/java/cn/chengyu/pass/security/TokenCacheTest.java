package cn.chengyu.pass.security;

import cn.chengyu.pass.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Strings that are not a plain compact JWS never reach the verifier, so they cannot fill the token cache. */
@QuarkusTest
class TokenCacheTest {

    @Inject
    VerifiedTokens tokens;

    @Test
    void paddedCopiesOfOneValidTokenAreRefusedAndNotRemembered() {
        String token = TestTokens.holder("padder");
        given().auth().oauth2(token).when().get("/api/v1/cards").then().statusCode(200);
        long remembered = tokens.remembered();
        for (int i = 0; i < 200; i++) {
            String padded = TestTokens.padded(token, "!".repeat(i % 20 + 1) + "~".repeat(i / 20));
            assertProblem(given().auth().oauth2(padded).when().get("/api/v1/cards").then().time(lessThan(1_000L)), 401);
        }
        assertEquals(remembered, tokens.remembered());
    }

    @Test
    void anOversizedTokenIsRefusedAndNotRemembered() {
        long remembered = tokens.remembered();
        assertProblem(given().auth().oauth2(TestTokens.oversizedAdmin()).when().get("/api/v1/cards").then().time(lessThan(1_000L)), 401);
        assertEquals(remembered, tokens.remembered());
    }

    @Test
    void aTokenSentManyTimesIsRememberedOnce() {
        String token = TestTokens.holder("counted");
        long before = tokens.remembered();
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).when().get("/api/v1/cards").then().statusCode(200);
        }
        assertEquals(before + 1, tokens.remembered());
    }
}
