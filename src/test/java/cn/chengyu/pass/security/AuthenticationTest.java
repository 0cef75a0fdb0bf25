package cn.chengyu.pass.security;

import cn.chengyu.pass.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Token verification: one fault per forged token, each a real signed (or unsigned) string. */
@QuarkusTest
public class AuthenticationTest {

    /** A protected write that an admin may do and that leaves the catalog as it was. */
    private static ValidatableResponse putLiBai(String token) {
        var request = given().contentType(ContentType.JSON).body(Map.of(
                "name", Map.of("zh", "李白故里", "en", "Li Bai's Hometown"),
                "city", "Mianyang", "province", "SICHUAN",
                "location", Map.of("lat", 31.6988, "lon", 104.8127),
                "openingHours", Map.of("opens", "08:30", "closes", "17:30"),
                "dailyCapacity", 12000, "status", "OPEN"));
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return request.when().put("/api/v1/sites/my-libai").then();
    }

    @Test
    void validAdminTokenIsAccepted() {
        putLiBai(TestTokens.admin()).statusCode(200).body("code", equalTo("my-libai"));
    }

    @Test
    void missingTokenIsUnauthorized() {
        assertProblem(putLiBai(null), 401).header("WWW-Authenticate", "Bearer");
    }

    static Stream<Arguments> forgedTokens() {
        return Stream.of(
                Arguments.of("expired", TestTokens.expiredAdmin()),
                Arguments.of("signed by another key", TestTokens.adminSignedByAnotherKey()),
                Arguments.of("for another audience", TestTokens.adminForAnotherAudience()),
                Arguments.of("from another issuer", TestTokens.adminFromAnotherIssuer()),
                Arguments.of("without a subject", TestTokens.adminWithoutSubject()),
                Arguments.of("alg none", TestTokens.unsignedAdmin()),
                Arguments.of("payload tampered", TestTokens.tamperedToAdmin()),
                Arguments.of("not a JWT", "not-a-token"),
                Arguments.of("padded with characters outside base64url", TestTokens.padded(TestTokens.admin(), "!~!")),
                Arguments.of("padded with base64 padding", TestTokens.padded(TestTokens.admin(), "==")),
                Arguments.of("over 8 KB", TestTokens.oversizedAdmin()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void forgedTokenIsUnauthorized(String fault, String token) {
        assertProblem(putLiBai(token), 401);
    }

    @Test
    void wrongRoleIsForbidden() {
        assertProblem(putLiBai(TestTokens.holder("visitor-9")), 403);
    }

    // Verified tokens are remembered until they expire (VerifiedTokens; VerifiedTokensTest moves the clock past
    // expiry); these check that remembering one never lets through what verifying it again would refuse.

    @Test
    void anEditedCopyOfARememberedTokenIsVerifiedAfresh() {
        String holder = TestTokens.holder("tamperer");
        given().auth().oauth2(holder).when().get("/api/v1/cards").then().statusCode(200);
        assertProblem(putLiBai(TestTokens.tamperedToAdmin(holder)), 401);
        assertProblem(putLiBai(TestTokens.withSignatureAltered(holder)), 401);
        assertProblem(putLiBai(holder), 403);
    }

    @Test
    void publicReadsIgnoreABadToken() {
        given().auth().oauth2(TestTokens.expiredAdmin()).when().get("/api/v1/sites/my-libai")
                .then().statusCode(200);
    }
}
