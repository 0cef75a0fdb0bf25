package cn.chengyu.pass.journey;

import cn.chengyu.pass.support.GateFixtures;
import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.RedisControl;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.chengyu.pass.support.GateFixtures.byNumber;
import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Journeys over HTTP: progress from real admissions, certificates verified with jose4j from the JWKS alone, live status. */
@QuarkusTest
class JourneyResourceTest {

    /** Every test runs at noon of the service's day (Asia/Shanghai), when the test sites' sessions are open. */
    @BeforeEach
    void atNoon() {
        TestClock.setTo(TestClock.todayAt("12:00"));
    }

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    /**
     * A new open site in a test city named after {@code city} (not the real one: other tests filter the catalog by
     * city) at that place, open 00:00–23:59 with {@code capacity} visitors a day.
     */
    private static String site(String city, double lat, double lon, int capacity) {
        String code = "jn-" + UUID.randomUUID().toString().substring(0, 12);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", Map.of("zh", "旅程", "en", "Journey test"), "city", city + " (test)", "province", "CHONGQING",
                        "location", Map.of("lat", lat, "lon", lon), "openingHours", Map.of("opens", "00:00", "closes", "23:59"),
                        "dailyCapacity", capacity, "status", "OPEN"))
                .when().put("/api/v1/sites/" + code).then().statusCode(201);
        return code;
    }

    /** A published route of these stops (one a day); answers its code. */
    private static String publishedRoute(String theme, String... sites) {
        String code = "jr-" + UUID.randomUUID().toString().substring(0, 12);
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("theme", theme);
        body.put("name", Map.of("zh", "旅程路线", "en", "Journey route"));
        body.put("description", "A route of the journey tests");
        List<Map<String, Object>> stops = new ArrayList<>();
        for (int i = 0; i < sites.length; i++) {
            stops.add(Map.of("siteCode", sites[i], "day", i + 1));
        }
        body.put("stops", stops);
        given().auth().oauth2(TestTokens.operator("op-journeys")).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/routes").then().statusCode(201);
        publish(code);
        return code;
    }

    private static void publish(String code) {
        given().auth().oauth2(TestTokens.operator("op-journeys")).when().post("/api/v1/routes/" + code + "/publish")
                .then().statusCode(200);
    }

    private static void admit(String site, String cardNumber) {
        GateFixtures.post(site, byNumber(cardNumber)).statusCode(201).body("decision", equalTo("ADMITTED"));
    }

    private static ValidatableResponse journeys(String token, String card) {
        return given().auth().oauth2(token).when().get("/api/v1/cards/" + card + "/journeys").then();
    }

    private static ValidatableResponse certificate(String token, String card, String route) {
        return given().auth().oauth2(token).when().post("/api/v1/cards/" + card + "/journeys/" + route + "/certificate").then();
    }

    private static String path(String route) {
        return "find { it.route == '" + route + "' }";
    }

    /** The test clock runs on from where it was set: a scan made just after {@code expected} is stamped a moment later. */
    private static void assertAbout(Instant expected, long actualEpochSecond) {
        assertTrue(actualEpochSecond >= expected.getEpochSecond() && actualEpochSecond <= expected.getEpochSecond() + 5,
                "expected about " + expected + ", was " + Instant.ofEpochSecond(actualEpochSecond));
    }

    private static JwtContext verifiedWithPublishedKeysOnly(String token) throws Exception {
        JsonWebKeySet keys = new JsonWebKeySet(given().when().get("/api/v1/pass-keys").then().statusCode(200).extract().asString());
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .setExpectedIssuer("chengyu-pass")
                .setExpectedType(true, "certificate+jwt")
                .setRequireIssuedAt()
                .build()
                .process(token);
    }

    @Test
    void progressFollowsAdmissionsAndACertificateComesOnceEveryStopIsVisited() throws Exception {
        String first = site("Luzhou", 28.87, 105.44, 1000);
        String second = site("Yibin", 28.77, 104.63, 1000);
        String third = site("Yibin", 28.80, 104.60, 1000);
        String route = publishedRoute("LIQUOR_CULTURE", first, second, third);
        TestCard card = newCard("ANNUAL");
        String owner = TestTokens.holder(card.holder());

        journeys(owner, card.id()).statusCode(200)
                .body(path(route) + ".visited", equalTo(0)).body(path(route) + ".total", equalTo(3))
                .body(path(route) + ".completedAt", nullValue())
                .body("route", hasItems("liquor-culture", "historical-culture", route));
        assertProblem(certificate(owner, card.id(), route), 409, "conflict");

        admit(third, card.number());
        TestClock.advance(Duration.ofMinutes(30));
        Instant firstVisit = TestClock.now();
        admit(first, card.number());
        TestClock.advance(Duration.ofDays(1));
        admit(first, card.number()); // the next day again: the first visit still counts
        String firstVisitedAt = journeys(owner, card.id()).statusCode(200)
                .body(path(route) + ".visited", equalTo(2))
                .body(path(route) + ".stops.siteCode", contains(first, second, third))
                .body(path(route) + ".stops[1].visitedAt", nullValue())
                .body(path(route) + ".stops[2].visitedAt", notNullValue())
                .extract().path(path(route) + ".stops[0].visitedAt");
        assertAbout(firstVisit, Instant.parse(firstVisitedAt).getEpochSecond());
        assertProblem(certificate(owner, card.id(), route), 409, "conflict");

        TestClock.advance(Duration.ofMinutes(30));
        Instant last = TestClock.now();
        admit(second, card.number());
        String completedAt = journeys(owner, card.id()).statusCode(200)
                .body(path(route) + ".visited", equalTo(3))
                .extract().path(path(route) + ".completedAt");
        assertAbout(last, Instant.parse(completedAt).getEpochSecond());

        String token = certificate(owner, card.id(), route).statusCode(201).extract().path("token");
        JwtContext verified = verifiedWithPublishedKeysOnly(token);
        JwtClaims claims = verified.getJwtClaims();
        assertEquals(card.id(), claims.getStringClaimValue("cid"));
        assertEquals(route, claims.getStringClaimValue("route"));
        assertEquals(1L, claims.getClaimValue("version", Long.class));
        assertEquals(Instant.parse(completedAt).getEpochSecond(), claims.getClaimValue("completedAt", Long.class));
        assertEquals(List.of(first, second, third), claims.getStringListClaimValue("sites"));
        assertEquals("certificate+jwt", verified.getJoseObjects().get(0).getHeader("typ"));
    }

    @Test
    void aCertificateIsNotAPassAndATamperedOneFailsVerification() throws Exception {
        String only = site("Luzhou", 28.88, 105.45, 1000);
        String route = publishedRoute("LIQUOR_CULTURE", only);
        TestCard card = newCard("ANNUAL");
        admit(only, card.number());
        String token = certificate(TestTokens.holder(card.holder()), card.id(), route).statusCode(201).extract().path("token");

        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThrows(Exception.class, () -> verifiedWithPublishedKeysOnly(forged));
        // A gate shown the certificate instead of a pass refuses it as not a pass.
        GateFixtures.post(only, Map.of("entryId", UUID.randomUUID().toString(), "pass", token)).statusCode(201)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("PASS_INVALID"));
    }

    @Test
    void aReplacementCardKeepsTheProgressOfTheCardItReplaced() {
        String first = site("Chengdu", 30.66, 104.06, 1000);
        String second = site("Mianyang", 31.46, 104.68, 1000);
        String route = publishedRoute("HISTORICAL_CULTURE", first, second);
        TestCard card = newCard("ANNUAL");
        String owner = TestTokens.holder(card.holder());
        admit(first, card.number());
        String replacement = given().auth().oauth2(owner).when().post("/api/v1/cards/" + card.id() + "/replace")
                .then().statusCode(201).extract().path("id");
        String newNumber = given().auth().oauth2(owner).when().get("/api/v1/cards/" + replacement)
                .then().statusCode(200).extract().path("number");
        admit(second, newNumber);

        journeys(owner, replacement).statusCode(200).body(path(route) + ".visited", equalTo(2));
        certificate(owner, replacement, route).statusCode(201);
    }

    @Test
    void aCardReplacedBeforeItsFirstUseShowsTheVisitsOfItsReplacement() {
        String first = site("Chengdu", 30.66, 104.06, 1000);
        String second = site("Mianyang", 31.46, 104.68, 1000);
        String route = publishedRoute("HISTORICAL_CULTURE", first, second);
        TestCard card = newCard("ANNUAL");
        String owner = TestTokens.holder(card.holder());
        String replacement = given().auth().oauth2(owner).when().post("/api/v1/cards/" + card.id() + "/replace")
                .then().statusCode(201).extract().path("id");
        String newNumber = given().auth().oauth2(owner).when().get("/api/v1/cards/" + replacement)
                .then().statusCode(200).extract().path("number");
        admit(first, newNumber);
        admit(second, newNumber);

        // the lineage was activated by its second card: the first one, never used, reads the same visits
        journeys(owner, card.id()).statusCode(200).body(path(route) + ".visited", equalTo(2));
        journeys(owner, replacement).statusCode(200).body(path(route) + ".visited", equalTo(2));
    }

    @Test
    void aNewVersionOfTheRouteShowsItsStopsButDoesNotTakeAwayACompletedOne() throws Exception {
        String first = site("Chongqing", 29.56, 106.57, 1000);
        String added = site("Chongqing", 29.57, 106.58, 1000);
        String route = publishedRoute("HISTORICAL_CULTURE", first);
        TestCard card = newCard("ANNUAL");
        String owner = TestTokens.holder(card.holder());
        admit(first, card.number());

        Map<String, Object> draft = new HashMap<>();
        draft.put("theme", "HISTORICAL_CULTURE");
        draft.put("name", Map.of("zh", "旅程路线", "en", "Journey route, longer"));
        draft.put("description", "A stop more");
        draft.put("stops", List.of(Map.of("siteCode", first, "day", 1), Map.of("siteCode", added, "day", 2)));
        given().auth().oauth2(TestTokens.operator("op-journeys")).contentType(ContentType.JSON).body(draft)
                .when().put("/api/v1/routes/" + route + "/draft").then().statusCode(200);
        publish(route);

        journeys(owner, card.id()).statusCode(200)
                .body(path(route) + ".version", equalTo(2)).body(path(route) + ".visited", equalTo(1))
                .body(path(route) + ".total", equalTo(2)).body(path(route) + ".completedAt", nullValue());
        String token = certificate(owner, card.id(), route).statusCode(201).extract().path("token");
        assertEquals(1L, verifiedWithPublishedKeysOnly(token).getJwtClaims().getClaimValue("version", Long.class));
    }

    @Test
    void anotherHoldersCardIsNotFoundAndOnlyHoldersAsk() {
        String only = site("Luzhou", 28.86, 105.43, 1000);
        String route = publishedRoute("LIQUOR_CULTURE", only);
        TestCard card = newCard("ANNUAL");
        admit(only, card.number());
        String stranger = TestTokens.holder("journey-stranger-" + UUID.randomUUID());

        assertProblem(journeys(stranger, card.id()), 404);
        assertProblem(certificate(stranger, card.id(), route), 404);
        assertProblem(journeys(TestTokens.holder(card.holder()), UUID.randomUUID().toString()), 404);
        assertProblem(journeys(TestTokens.admin(), card.id()), 403);
        assertProblem(certificate(TestTokens.gate("gate-j", only), card.id(), route), 403);
        assertProblem(given().when().get("/api/v1/cards/" + card.id() + "/journeys").then(), 401);
        assertProblem(certificate(TestTokens.holder(card.holder()), card.id(), "jr-no-such-route"), 404);
    }

    @Test
    void aRetiredRouteHasNoJourneyAndNoCertificate() {
        String only = site("Luzhou", 28.85, 105.42, 1000);
        String route = publishedRoute("LIQUOR_CULTURE", only);
        TestCard card = newCard("ANNUAL");
        admit(only, card.number());
        given().auth().oauth2(TestTokens.operator("op-journeys")).when().post("/api/v1/routes/" + route + "/retire")
                .then().statusCode(200);

        journeys(TestTokens.holder(card.holder()), card.id()).statusCode(200).body("route", not(hasItems(route)));
        assertProblem(certificate(TestTokens.holder(card.holder()), card.id(), route), 404);
    }

    @Test
    void aFullStopOfALiveRouteNamesTheNearestOpenSitesOfItsCityThatAreNotRed() {
        String city = "Testcity-" + UUID.randomUUID().toString().substring(0, 8);
        // Far from every other test's sites, so that sites of the same city come first.
        String full = site(city, 45.00, 125.00, 1);
        String nearer = site(city, 45.01, 125.00, 100);
        String farther = site(city, 45.03, 125.00, 100);
        String red = site(city, 45.005, 125.00, 1);
        String route = publishedRoute("FOOD_CULTURE", full);
        admit(full, newCard("ANNUAL").number());
        admit(red, newCard("ANNUAL").number());

        ValidatableResponse live = given().when().get("/api/v1/routes/" + route + "/live").then().statusCode(200)
                .body("route", equalTo(route)).body("version", equalTo(1)).body("date", equalTo(TestClock.today().toString()))
                .body("stops[0].siteCode", equalTo(full)).body("stops[0].level", equalTo("RED")).body("stops[0].full", equalTo(true))
                .body("stops[0].openSessions[0].session", equalTo("day")).body("stops[0].openSessions[0].remaining", equalTo(0));
        List<String> alternatives = live.extract().path("stops[0].alternatives.siteCode");
        assertEquals(List.of(nearer, farther), alternatives.subList(0, 2));
        assertTrue(alternatives.size() <= 3 && !alternatives.contains(red), alternatives.toString());
        live.body("stops[0].alternatives[0].distanceKm", equalTo(1.1f)).body("stops[0].alternatives[0].level", equalTo("GREEN"))
                .body("stops[0].alternatives[0].city", equalTo(city + " (test)"));
    }

    @Test
    void aStopWithRoomHasNoAlternativesAndTheDayIsChecked() {
        String roomy = site("Chongqing", 29.40, 106.40, 100);
        String route = publishedRoute("HISTORICAL_CULTURE", roomy);
        String tomorrow = TestClock.today().plusDays(1).toString();

        given().when().get("/api/v1/routes/" + route + "/live?date=" + tomorrow).then().statusCode(200)
                .body("date", equalTo(tomorrow)).body("stops[0].level", equalTo("GREEN")).body("stops[0].full", equalTo(false))
                .body("stops[0].openSessions[0].remaining", equalTo(100)).body("stops[0].alternatives", empty());
        assertProblem(given().when().get("/api/v1/routes/" + route + "/live?date=tomorrow").then(), 400);
        assertProblem(given().when().get("/api/v1/routes/" + route + "/live?date=" + TestClock.today().plusDays(8)).then(), 400);
        assertProblem(given().when().get("/api/v1/routes/jr-no-such-route/live").then(), 404);
    }

    @Test
    void withRedisDownTheLiveStatusIsComputedFromTheDatabase() throws Exception {
        String only = site("Luzhou", 28.84, 105.41, 1);
        String route = publishedRoute("LIQUOR_CULTURE", only);
        admit(only, newCard("ANNUAL").number());
        RedisControl.stop();
        try {
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                given().when().get("/api/v1/routes/" + route + "/live").then().statusCode(200)
                        .body("stops[0].siteCode", equalTo(only)).body("stops[0].level", equalTo("RED"));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis < 2_000, "a live status read took " + millis + " ms with Redis down");
            }
        } finally {
            RedisControl.start();
        }
    }
}
