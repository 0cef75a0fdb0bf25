package cn.chengyu.pass.entry;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.security.PemKeys;
import cn.chengyu.pass.support.GateFixtures;
import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.security.Signature;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

import static cn.chengyu.pass.support.GateFixtures.byNumber;
import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.newSite;
import static cn.chengyu.pass.support.GateFixtures.passOf;
import static cn.chengyu.pass.support.GateFixtures.post;
import static cn.chengyu.pass.support.GateFixtures.scan;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class EntryResourceTest {

    @Inject
    AgroalDataSource database;

    @Test
    void cardNumberScanAdmitsAndActivates() {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        Map<String, Object> body = byNumber(card.number());
        post(site, body).statusCode(201)
                .body("entryId", equalTo(body.get("entryId")))
                .body("site", equalTo(site))
                .body("decision", equalTo("ADMITTED"))
                .body("reason", nullValue())
                .body("card.number", equalTo(card.number()))
                .body("card.productCode", equalTo("ANNUAL"))
                .body("card.category", equalTo("ADULT"))
                .body("recordedAt", notNullValue());
        given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id())
                .then().body("status", equalTo("ACTIVE")).body("activatedAt", notNullValue()).body("validUntil", notNullValue());
        given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id() + "/entries")
                .then().body("total", equalTo(1)).body("items[0].site", equalTo(site)).body("items[0].decision", equalTo("ADMITTED"));
        given().when().get("/api/v1/sites/" + site + "/occupancy").then().body("admitted", equalTo(1));
    }

    @Test
    void scansAreCountedByDecisionAndTimed() {
        String site = newSite(100);
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201);
        post(site, byNumber("4539578763621486")).statusCode(201);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("chengyu_scans_total{decision=\"ADMITTED\",reason=\"none\",site=\"" + site + "\"} 1.0"))
                .body(org.hamcrest.Matchers.containsString("chengyu_scans_total{decision=\"DENIED\",reason=\"CARD_UNKNOWN\",site=\"" + site + "\"} 1.0"))
                .body(org.hamcrest.Matchers.containsString("chengyu_scan_latency_seconds_bucket"));
    }

    @Test
    void passScanAdmits() {
        String site = newSite(100);
        TestCard card = newCard("PASS_72H");
        post(site, scan("pass", passOf(card), null)).statusCode(201)
                .body("decision", equalTo("ADMITTED")).body("card.number", equalTo(card.number()));
    }

    @Test
    void forgedPassIsInvalid() {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        String[] parts = passOf(card).split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        post(site, scan("pass", forged, null)).statusCode(201).body("decision", equalTo("DENIED"))
                .body("reason", equalTo("PASS_INVALID")).body("card", nullValue());
        post(site, scan("pass", "not.a.pass", null)).statusCode(201).body("reason", equalTo("PASS_INVALID"));
    }

    @Test
    void expiredPassIsDenied() throws Exception {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        String kid = given().when().get("/api/v1/pass-keys").then().extract().path("keys[0].kid");
        long exp = TestClock.now().minusSeconds(120).getEpochSecond();
        String pass = sign(kid, "{\"iss\":\"chengyu-pass\",\"cid\":\"" + card.id() + "\",\"iat\":" + (exp - 60) + ",\"exp\":" + exp + "}");
        post(site, scan("pass", pass, null)).statusCode(201).body("decision", equalTo("DENIED"))
                .body("reason", equalTo("PASS_EXPIRED")).body("card.number", equalTo(card.number()));
    }

    @Test
    void unknownCardIsDenied() {
        post(newSite(100), byNumber("4539578763621486")).statusCode(201)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("CARD_UNKNOWN")).body("card", nullValue());
    }

    @ParameterizedTest
    @CsvSource({"suspend, CARD_SUSPENDED", "revoke, CARD_REVOKED", "replace, CARD_REPLACED"})
    void cardsThatCannotBeUsedAreDenied(String action, String reason) {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        given().auth().oauth2(action.equals("revoke") ? TestTokens.admin() : TestTokens.holder(card.holder()))
                .when().post("/api/v1/cards/" + card.id() + "/" + action).then().statusCode(action.equals("replace") ? 201 : 200);
        post(site, byNumber(card.number())).statusCode(201).body("decision", equalTo("DENIED")).body("reason", equalTo(reason));
    }

    @Test
    void cardNeverActivatedInItsWindowIsExpired() {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        update("UPDATE card SET activation_deadline = now() - interval '1 day' WHERE id = ?::uuid", card.id());
        post(site, byNumber(card.number())).statusCode(201).body("reason", equalTo("CARD_EXPIRED"));
    }

    @Test
    void secondAnnualEntrySameDayIsAlreadyEnteredButNextDayAdmits() {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        Instant yesterdayNoon = TestClock.today().minusDays(1).atTime(12, 0).atZone(BusinessTime.ZONE).toInstant();
        post(site, scan("cardNumber", card.number(), yesterdayNoon)).statusCode(201).body("decision", equalTo("ADMITTED"));
        post(site, scan("cardNumber", card.number(), yesterdayNoon.plusSeconds(60))).statusCode(201)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("ALREADY_ENTERED"));
        post(site, byNumber(card.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
    }

    @Test
    void pass72hEntersEachSiteOnce() {
        String site = newSite(100);
        TestCard card = newCard("PASS_72H");
        Instant yesterday = TestClock.now().minus(1, ChronoUnit.DAYS);
        post(site, scan("cardNumber", card.number(), yesterday)).statusCode(201).body("decision", equalTo("ADMITTED"));
        post(site, byNumber(card.number())).statusCode(201).body("reason", equalTo("ALREADY_ENTERED"));
        post(newSite(100), byNumber(card.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
    }

    @Test
    void pass72hExpiresSeventyTwoHoursAfterActivation() {
        String site = newSite(100);
        TestCard card = newCard("PASS_72H");
        Instant fourDaysAgo = TestClock.now().minus(4, ChronoUnit.DAYS);
        post(site, scan("cardNumber", card.number(), fourDaysAgo)).statusCode(201).body("decision", equalTo("ADMITTED"));
        post(newSite(100), byNumber(card.number())).statusCode(201).body("reason", equalTo("CARD_EXPIRED"));
    }

    @Test
    void closedSiteDenies() {
        String site = newSite(100, "00:00", "23:59", "CLOSED");
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("reason", equalTo("SITE_CLOSED"));
    }

    @Test
    void siteClosedThroughTheApiDeniesTheVeryNextScan() {
        String site = newSite(100);
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        // The gate path holds the site a moment; a change made here drops that copy before it is answered.
        GateFixtures.putSite(site, 100, "00:00", "23:59", "CLOSED", 200);
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("reason", equalTo("SITE_CLOSED"));
    }

    /** Written behind this replica's back (as another replica would): the admission statement reads the session itself. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"capacity = 1 | SITE_FULL", "reservation = 'REQUIRED' | NO_RESERVATION"})
    void sessionChangedByAnotherReplicaCountsAtOnce(String change, String reason) throws Exception {
        String site = newSite(100);
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE site_session SET " + change + " WHERE site_code = ?")) {
            update.setString(1, site);
            assertEquals(1, update.executeUpdate());
        }
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("reason", equalTo(reason));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"08:59:59, SITE_CLOSED", "09:00:00, ADMITTED", "16:59:59, ADMITTED", "17:00:00, SITE_CLOSED"})
    void openingHoursAreAsiaShanghaiAndCloseAtClosingTime(String localTime, String outcome) {
        String site = newSite(100, "09:00", "17:00", "OPEN");
        Instant at = TestClock.today().minusDays(1).atTime(LocalTime.parse(localTime)).atZone(BusinessTime.ZONE).toInstant();
        var response = post(site, scan("cardNumber", newCard("ANNUAL").number(), at)).statusCode(201);
        if (outcome.equals("ADMITTED")) {
            response.body("decision", equalTo("ADMITTED"));
        } else {
            response.body("decision", equalTo("DENIED")).body("reason", equalTo(outcome));
        }
    }

    @Test
    void fullSiteDenies() {
        String site = newSite(1);
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("reason", equalTo("SITE_FULL"));
        post(newSite(0), byNumber(newCard("ANNUAL").number())).statusCode(201).body("reason", equalTo("SITE_FULL"));
        given().when().get("/api/v1/sites/" + site + "/occupancy").then().body("admitted", equalTo(1)).body("level", equalTo("RED"));
    }

    @Test
    void replayedEntryIsAnsweredIdenticallyAndNotCountedTwice() {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        Map<String, Object> body = byNumber(card.number());
        String first = post(site, body).statusCode(201).extract().asString();
        String again = post(site, body).statusCode(201).extract().asString();
        assertEquals(first, again);
        assertEquals(1, count("SELECT count(*) FROM entry WHERE entry_id = ?::uuid", (String) body.get("entryId")));
        given().when().get("/api/v1/sites/" + site + "/occupancy").then().body("admitted", equalTo(1));
    }

    @Test
    void replayedDenialIsAnsweredIdentically() {
        String site = newSite(100);
        Map<String, Object> body = byNumber("4539578763621486");
        assertEquals(post(site, body).statusCode(201).extract().asString(), post(site, body).statusCode(201).extract().asString());
    }

    @Test
    void entryIdWithAnotherBodyIsUnprocessable() {
        String site = newSite(100);
        Map<String, Object> body = byNumber(newCard("ANNUAL").number());
        post(site, body).statusCode(201);
        body.put("cardNumber", newCard("ANNUAL").number());
        assertProblem(post(site, body), 422);
    }

    @Test
    void gateOfAnotherSiteIsForbidden() {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        assertProblem(given().auth().oauth2(TestTokens.gate("gate-x", "cq-dazu")).contentType(ContentType.JSON)
                .body(byNumber(card.number())).when().post("/api/v1/sites/" + site + "/entries").then(), 403);
        assertProblem(given().auth().oauth2(TestTokens.holder(card.holder())).contentType(ContentType.JSON)
                .body(byNumber(card.number())).when().post("/api/v1/sites/" + site + "/entries").then(), 403);
        assertProblem(given().contentType(ContentType.JSON)
                .body(byNumber(card.number())).when().post("/api/v1/sites/" + site + "/entries").then(), 401);
        assertEquals(0, count("SELECT count(*) FROM entry WHERE site_code = ?", site));
    }

    @ParameterizedTest
    @CsvSource({"bad-check-digit, cardNumber", "both, pass", "neither, pass", "future, scannedAt", "too-old, scannedAt", "short-number, cardNumber"})
    void malformedScanIsRejectedAndRecordsNothing(String fault, String field) {
        String site = newSite(100);
        TestCard card = newCard("ANNUAL");
        Map<String, Object> body = byNumber(card.number());
        switch (fault) {
            case "bad-check-digit" -> body.put("cardNumber", card.number().substring(0, 15) + ((card.number().charAt(15) - '0' + 1) % 10));
            case "both" -> body.put("pass", "x.y.z");
            case "neither" -> body.remove("cardNumber");
            case "future" -> body.put("scannedAt", TestClock.now().plusSeconds(600).toString());
            case "too-old" -> body.put("scannedAt", TestClock.now().minus(8, ChronoUnit.DAYS).toString());
            default -> body.put("cardNumber", "12345");
        }
        assertProblem(post(site, body), 400).body("errors[0].field", equalTo(field));
        assertEquals(0, count("SELECT count(*) FROM entry WHERE site_code = ?", site));
    }

    private static String sign(String kid, String payload) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"pass+jwt\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(PemKeys.readEcPrivateKey("test-keys/pass-signing.pem"));
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(signature.sign());
    }

    private void update(String sql, String value) {
        Rows.update(database, sql, value);
    }

    private int count(String sql, String value) {
        return Rows.count(database, sql, value);
    }
}
