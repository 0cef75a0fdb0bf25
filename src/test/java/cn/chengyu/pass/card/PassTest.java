package cn.chengyu.pass.card;

import cn.chengyu.pass.support.GateFixtures;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static cn.chengyu.pass.support.CardFixtures.issuedCard;
import static cn.chengyu.pass.support.CardFixtures.newHolder;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passes verify offline against the published JWKS, and keep verifying across a key rotation. */
@QuarkusTest
class PassTest {

    private static JsonWebKeySet publishedKeys() throws Exception {
        return new JsonWebKeySet(given().when().get("/api/v1/pass-keys").then().statusCode(200).extract().asString());
    }

    private static JwtConsumer verifier(JsonWebKeySet keys) {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .setExpectedIssuer("chengyu-pass")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                // a pass expires by the service's clock (a minute), not the machine's
                .setEvaluationTime(NumericDate.fromSeconds(TestClock.now().getEpochSecond()))
                .build();
    }

    @Test
    void passIsSignedWithAPublishedKeyAndNamesOnlyTheCard() throws Exception {
        String owner = newHolder();
        String card = issuedCard(owner);
        Map<String, Object> pass = given().auth().oauth2(TestTokens.holder(owner))
                .when().post("/api/v1/cards/" + card + "/passes")
                .then().statusCode(201).extract().as(Map.class);
        String token = (String) pass.get("token");

        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
        assertEquals("ES256", jws.getAlgorithmHeaderValue());
        assertTrue(jws.getKeyIdHeaderValue() != null && !jws.getKeyIdHeaderValue().isBlank());

        JwtClaims claims = verifier(publishedKeys()).processToClaims(token);
        assertEquals(card, claims.getStringClaimValue("cid"));
        long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertTrue(lifetime > 0 && lifetime <= 60, "lifetime " + lifetime);
        assertEquals(Instant.parse((String) pass.get("expiresAt")).getEpochSecond(), claims.getExpirationTime().getValue());
        assertEquals(List.of("cid", "exp", "iat", "iss", "jti"), claims.getClaimNames().stream().sorted().toList());
    }

    @Test
    void publishedKeysArePublicOnly() throws Exception {
        JsonWebKeySet keys = publishedKeys();
        assertEquals(2, keys.getJsonWebKeys().size(), "current and retired key");
        String raw = given().when().get("/api/v1/pass-keys").then().extract().asString();
        assertFalse(raw.contains("\"d\""), "a private component was published");
        for (JsonWebKey key : keys.getJsonWebKeys()) {
            assertEquals("EC", key.getKeyType());
            assertEquals("ES256", key.getAlgorithm());
        }
    }

    @Test
    void passSignedBeforeARotationStillVerifies() throws Exception {
        PrivateKey retired = cn.chengyu.pass.security.PemKeys.readEcPrivateKey("test-keys/retired-pass-signing.pem");
        String retiredKid = publishedKeys().getJsonWebKeys().get(1).getKeyId();
        String oldPass = Jwt.issuer("chengyu-pass").claim("cid", "0b1c2d3e-0000-4000-8000-000000000001")
                .issuedAt(TestClock.now()).expiresAt(TestClock.now().plusSeconds(60))
                .jws().algorithm(SignatureAlgorithm.ES256).keyId(retiredKid).sign(retired);
        assertEquals("0b1c2d3e-0000-4000-8000-000000000001", verifier(publishedKeys()).processToClaims(oldPass).getStringClaimValue("cid"));
    }

    /** Signed by the current pass key, for the right card, in time, but not typed as a pass: a gate refuses it. */
    @Test
    void aTokenWithoutThePassTypeIsNotAPass() throws Exception {
        PrivateKey current = cn.chengyu.pass.security.PemKeys.readEcPrivateKey("test-keys/pass-signing.pem");
        String kid = publishedKeys().getJsonWebKeys().get(0).getKeyId();
        String site = GateFixtures.newSite(100);
        GateFixtures.TestCard card = GateFixtures.newCard("ANNUAL");
        for (String type : new String[] {"JWT", "certificate+jwt"}) {
            String token = Jwt.issuer("chengyu-pass").claim("cid", card.id()).expiresIn(60)
                    .jws().algorithm(SignatureAlgorithm.ES256).keyId(kid).header("typ", type).sign(current);
            GateFixtures.post(site, GateFixtures.scan("pass", token, null)).statusCode(201)
                    .body("decision", org.hamcrest.Matchers.equalTo("DENIED"))
                    .body("reason", org.hamcrest.Matchers.equalTo("PASS_INVALID"));
        }
        GateFixtures.post(site, GateFixtures.scan("pass", GateFixtures.passOf(card), null)).statusCode(201)
                .body("decision", org.hamcrest.Matchers.equalTo("ADMITTED"));
    }

    @Test
    void tamperedPassDoesNotVerify() throws Exception {
        String owner = newHolder();
        String card = issuedCard(owner);
        String token = given().auth().oauth2(TestTokens.holder(owner)).when().post("/api/v1/cards/" + card + "/passes")
                .then().statusCode(201).extract().path("token");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace(card, issuedCard(owner + "-2"));
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        JwtConsumer verifier = verifier(publishedKeys());
        assertThrows(Exception.class, () -> verifier.processToClaims(forged));
    }

    @Test
    void suspendedCardGetsNoPass() {
        String owner = newHolder();
        String card = issuedCard(owner);
        given().auth().oauth2(TestTokens.holder(owner)).when().post("/api/v1/cards/" + card + "/suspend").then().statusCode(200);
        assertProblem(given().auth().oauth2(TestTokens.holder(owner)).when().post("/api/v1/cards/" + card + "/passes").then(), 409);
    }

    @Test
    void gatesCanFetchKeysWithoutAToken() {
        given().when().get("/api/v1/pass-keys").then().statusCode(200).body("keys", hasSize(2));
    }
}
